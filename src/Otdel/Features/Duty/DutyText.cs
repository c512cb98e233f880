namespace Otdel.Features.Duty;

/// <summary>Anchor of this capability's texts (DutyText.resx, DutyText.ru.resx): keys Duty.*.</summary>
public sealed class DutyText;
