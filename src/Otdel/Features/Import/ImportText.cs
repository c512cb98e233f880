namespace Otdel.Features.Import;

/// <summary>Anchor of this capability's texts (ImportText.resx, ImportText.ru.resx): keys Import.*.</summary>
public sealed class ImportText;
