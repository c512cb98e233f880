namespace Otdel.Features.Activities;

/// <summary>Anchor of this capability's texts (ActivitiesText.resx, ActivitiesText.ru.resx): keys Activities.*.</summary>
public sealed class ActivitiesText;
