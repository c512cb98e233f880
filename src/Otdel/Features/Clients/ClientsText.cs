namespace Otdel.Features.Clients;

/// <summary>Anchor of this capability's texts (ClientsText.resx, ClientsText.ru.resx): keys Clients.*.</summary>
public sealed class ClientsText;
