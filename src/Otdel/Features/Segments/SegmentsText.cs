namespace Otdel.Features.Segments;

/// <summary>Anchor of this capability's texts (SegmentsText.resx, SegmentsText.ru.resx): keys Segments.*.</summary>
public sealed class SegmentsText;
