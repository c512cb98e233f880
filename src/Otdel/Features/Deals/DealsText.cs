namespace Otdel.Features.Deals;

/// <summary>Anchor of this capability's texts (DealsText.resx, DealsText.ru.resx): keys DealPage.*, Deals.*, Board.*.</summary>
public sealed class DealsText;
