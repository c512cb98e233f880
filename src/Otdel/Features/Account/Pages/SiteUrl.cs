using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Otdel.Features.Account.Pages;

/// <summary>
/// Where links in e-mails point: Otdel:PublicUrl when set (behind a proxy it must be), else the address this instance
/// listens on — never the request's Host header, which whoever asks for a reset link could forge.
/// </summary>
public static class SiteUrl
{
    public static string Of(IConfiguration config, IServer? server) =>
        config["Otdel:PublicUrl"] is { Length: > 0 } url ? url
            : server?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:5080";
}
