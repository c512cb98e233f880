using System.Net;
using System.Text.Json;
using System.Threading.Channels;

namespace Otdel.Tests.Automation;

/// <summary>A webhook's receiving end on a loopback port: hands over each JSON body; answers slowly while <see cref="Slow"/> is set.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    readonly HttpListener listener = new();
    readonly Channel<JsonElement> bodies = Channel.CreateUnbounded<JsonElement>();
    readonly Task loop;
    public string Url { get; }
    public volatile bool Slow;
    int calls;
    public int Calls => Volatile.Read(ref calls);

    public WebhookReceiver()
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/hook/";
        listener.Prefixes.Add(Url);
        listener.Start();
        loop = Task.Run(LoopAsync);
    }

    static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    async Task LoopAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            _ = Task.Run(async () =>
            {
                Interlocked.Increment(ref calls);
                using var reader = new StreamReader(ctx.Request.InputStream);
                var text = await reader.ReadToEndAsync();
                // Slower than the sender's timeout (1 s in tests): the call counts as failed and is tried again later.
                if (Slow) await Task.Delay(3000);
                else bodies.Writer.TryWrite(JsonDocument.Parse(text).RootElement.Clone());
                try
                {
                    ctx.Response.StatusCode = 204;
                    ctx.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { }
            });
        }
    }

    /// <summary>The next body received (fails after 30 s).</summary>
    public async Task<JsonElement> NextAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await bodies.Reader.ReadAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await loop;
    }
}
