namespace Otdel.Features.Organisation;

/// <summary>Anchor of this capability's texts (OrganisationText.resx, OrganisationText.ru.resx): keys Team.*, Position.*.</summary>
public sealed class OrganisationText;
