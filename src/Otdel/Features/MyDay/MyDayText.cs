namespace Otdel.Features.MyDay;

/// <summary>Anchor of this capability's texts (MyDayText.resx, MyDayText.ru.resx): keys MyDay.*.</summary>
public sealed class MyDayText;
