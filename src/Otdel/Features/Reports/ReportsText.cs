namespace Otdel.Features.Reports;

/// <summary>Anchor of this capability's texts (ReportsText.resx, ReportsText.ru.resx): keys Reports.*.</summary>
public sealed class ReportsText;
