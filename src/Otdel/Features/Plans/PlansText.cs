namespace Otdel.Features.Plans;

/// <summary>Anchor of this capability's texts (PlansText.resx, PlansText.ru.resx): keys Plans.*.</summary>
public sealed class PlansText;
