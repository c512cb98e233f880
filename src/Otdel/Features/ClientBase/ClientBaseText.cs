namespace Otdel.Features.ClientBase;

/// <summary>Anchor of this capability's texts (ClientBaseText.resx, ClientBaseText.ru.resx): keys ClientBase.*.</summary>
public sealed class ClientBaseText;
