namespace Otdel.Features.Pipelines;

/// <summary>Anchor of this capability's texts (PipelinesText.resx, PipelinesText.ru.resx): keys Settings.*, Pipelines.*.</summary>
public sealed class PipelinesText;
