namespace Otdel.Resources;

/// <summary>Anchor of the UI and message texts: Text.resx (English) and Text.ru.resx (Russian).</summary>
public sealed class Text;
