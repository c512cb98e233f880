using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace Otdel.Cli;

/// <summary>
/// Checks `--urls` before the app is built, so a typo, an impossible port or a port another program holds gets one
/// line saying what to do instead of Kestrel's stack trace. <see cref="Explain"/> covers what only starting finds.
/// </summary>
static class ServeUrls
{
    const string Example = "http://127.0.0.1:5080";

    public static void Check(string urls)
    {
        var list = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (list.Length == 0) throw new CliError($"--urls is empty: pass a URL such as --urls {Example}");
        foreach (var url in list)
        {
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(url);
            }
            catch (FormatException)
            {
                throw new CliError(NotAUrl(url));
            }
            if (address.IsUnixPipe || address.IsNamedPipe) continue;
            // "http://127.0.0.1:abc" parses as host "127.0.0.1:abc" on port 80; only a bracketed IPv6 host holds a colon.
            var host = address.Host;
            if (address.Scheme is not ("http" or "https") || host.Length == 0 || (host.Contains(':') && !(host.StartsWith('[') && host.EndsWith(']'))))
                throw new CliError(NotAUrl(url));
            if (address.Port is < 0 or > IPEndPoint.MaxPort)
                throw new CliError($"port {address.Port} in --urls {url} is out of range: pass a port from 1 to 65535, e.g. --urls {Example}");
            if (address.Port == 0 && string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
                throw new CliError($"port 0 (any free port) cannot be combined with localhost in --urls {url}: pass --urls http://127.0.0.1:0");
            Probe(address);
        }
    }

    /// <summary>One line for a failure of starting to listen, or null for anything else.</summary>
    public static string? Explain(Exception e, string urls) => e switch
    {
        IOException { InnerException: AddressInUseException } => Busy(PortOf(urls), "127.0.0.1"),
        IOException => $"cannot listen on {urls} ({Innermost(e).Message.TrimEnd('.')}): pass --urls with an address of this machine, e.g. --urls {Example}",
        FormatException or ArgumentOutOfRangeException => NotAUrl(urls),
        InvalidOperationException when e.Message.Contains("certificate", StringComparison.OrdinalIgnoreCase) =>
            $"cannot serve {urls}: no HTTPS certificate is configured: serve plain http behind a TLS proxy, e.g. --urls {Example}",
        _ => null,
    };

    /// <summary>Binds each address the way Kestrel will, and lets go at once. Port 0 (any free port) needs no check.</summary>
    static void Probe(BindingAddress address)
    {
        if (address.Port == 0) return;
        var host = address.Host.Trim('[', ']');
        var loopback = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase);
        IPAddress[] ips = IPAddress.TryParse(host, out var ip) ? [ip]
            : loopback ? (Socket.OSSupportsIPv6 ? [IPAddress.Loopback, IPAddress.IPv6Loopback] : [IPAddress.Loopback])
            : [IPAddress.Any]; // "*", "+" and host names: Kestrel listens on every address
        foreach (var candidate in ips)
        {
            try
            {
                using var socket = new Socket(candidate.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(candidate, address.Port));
                socket.Listen();
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                throw new CliError(Busy(address.Port, loopback ? "127.0.0.1" : address.Host));
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AccessDenied)
            {
                throw new CliError($"no permission to listen on port {address.Port} (ports below 1024 need root): pass a higher port, e.g. --urls {Example}");
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported)
            {
                if (candidate.Equals(IPAddress.IPv6Loopback)) continue; // Kestrel skips a missing IPv6 loopback too
                throw new CliError($"{address.Host} is not an address of this machine: pass --urls http://127.0.0.1:{address.Port} or the address of one of its network cards");
            }
        }
    }

    static string Busy(int port, string host) =>
        $"port {port} is already in use: stop the other program or pass --urls http://{host}:PORT with a free port";

    static string NotAUrl(string url) => $"--urls {url} is not a URL to listen on: pass e.g. --urls {Example}";

    static int PortOf(string urls)
    {
        try
        {
            return BindingAddress.Parse(urls.Split(';')[0].Trim()).Port;
        }
        catch (FormatException)
        {
            return 0;
        }
    }

    static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}
