namespace Otdel.Features.Leads;

/// <summary>Anchor of this capability's texts (LeadsText.resx, LeadsText.ru.resx): keys Leads.*.</summary>
public sealed class LeadsText;
