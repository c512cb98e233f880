namespace Otdel.Features.Search;

/// <summary>Anchor of this capability's texts (SearchText.resx, SearchText.ru.resx): keys Search.*.</summary>
public sealed class SearchText;
