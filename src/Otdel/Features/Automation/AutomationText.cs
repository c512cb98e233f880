namespace Otdel.Features.Automation;

/// <summary>Anchor of this capability's texts (AutomationText.resx, AutomationText.ru.resx): keys Automation.*.</summary>
public sealed class AutomationText;
