using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Otdel.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on a loopback port for the whole test run (the SmtpServer library), keeping every message it
/// receives; every test app sends its e-mail here, and tests read the messages back.
/// </summary>
public static class TestSmtp
{
    static readonly ConcurrentQueue<MimeMessage> Received = new();
    static readonly Lazy<int> Started = new(Start);

    public static int Port => Started.Value;

    static int Start()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store());
        _ = new SmtpServer.SmtpServer(options, services).StartAsync(CancellationToken.None);
        return port;
    }

    /// <summary>Waits for the first message to this address that matches, as it arrives (no fixed sleep).</summary>
    public static async Task<MimeMessage> WaitForAsync(string to, Func<MimeMessage, bool>? match = null, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            var found = Received.FirstOrDefault(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, to, StringComparison.OrdinalIgnoreCase))
                && (match is null || match(m)));
            if (found is not null) return found;
            await Task.Delay(100);
        }
        throw new TimeoutException($"No e-mail to {to} within {seconds} s.");
    }

    public static IReadOnlyList<MimeMessage> To(string to) =>
        Received.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, to, StringComparison.OrdinalIgnoreCase))).ToList();

    sealed class Store : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            Received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
