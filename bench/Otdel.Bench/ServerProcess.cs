using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Otdel.Bench;

/// <summary>
/// A web app the benchmark starts as its own process (`dotnet X.dll …`) on a free loopback port, with its output kept in a
/// log file, its CPU time and memory read from /proc, and a keep-alive HttpClient to drive it.
/// </summary>
sealed class ServerProcess : IAsyncDisposable
{
    readonly Process process;
    readonly StreamWriter log;
    public string Name { get; }
    public Uri BaseUrl { get; }
    public HttpClient Http { get; }
    public int Pid => process.Id;

    ServerProcess(string name, Process process, StreamWriter log, Uri baseUrl)
    {
        Name = name; this.process = process; this.log = log; BaseUrl = baseUrl;
        // Keep-alive connections, as many as there are clients; nothing else between the client and the socket.
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 64, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            UseCookies = false, AllowAutoRedirect = false, UseProxy = false,
        };
        Http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(2) };
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>Starts `dotnet dll args…` and waits until <paramref name="readyPath"/> answers 200.</summary>
    public static async Task<ServerProcess> StartAsync(string name, string dll, IEnumerable<string> args, IDictionary<string, string> env,
        string workDir, string logPath, string readyPath)
    {
        var port = FreePort();
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (k, v) in env) psi.Environment[k] = v;
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var p = Process.Start(psi) ?? throw new InvalidOperationException($"{name} did not start");
        p.OutputDataReceived += (_, e) => { if (e.Data is { } d) lock (log) log.WriteLine(d); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is { } d) lock (log) log.WriteLine(d); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        var server = new ServerProcess(name, p, log, new Uri($"http://127.0.0.1:{port}"));
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (p.HasExited) throw new InvalidOperationException($"{name} exited with code {p.ExitCode} before it answered; see {logPath}");
            try
            {
                using var r = await server.Http.GetAsync(readyPath);
                if (r.StatusCode == HttpStatusCode.OK) break;
            }
            catch (HttpRequestException) { }
            if (clock.Elapsed > TimeSpan.FromMinutes(5)) throw new TimeoutException($"{name} did not answer {readyPath} in 5 minutes; see {logPath}");
            await Task.Delay(200);
        }
        Console.WriteLine($"  {name} (pid {p.Id}) listening on {server.BaseUrl} after {clock.Elapsed.TotalSeconds:F1} s");
        return server;
    }

    /// <summary>
    /// Waits until the idle process uses under a tenth of a core for two seconds running (at most two minutes): start-up work
    /// such as Otdel's first overdue pass over all open deals is not part of any measure. Returns the seconds waited.
    /// </summary>
    public async Task<double> SettleAsync()
    {
        var clock = Stopwatch.StartNew();
        var quiet = 0;
        var last = CpuMs();
        while (quiet < 4 && clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(500);
            var now = CpuMs();
            quiet = now - last < 50 ? quiet + 1 : 0;
            last = now;
        }
        return clock.Elapsed.TotalSeconds;
    }

    static readonly long TicksPerSecond = ClockTicks();

    static long ClockTicks()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true })!;
            var s = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return long.Parse(s, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or FormatException) { return 100; }
    }

    /// <summary>User + system CPU time the process has used so far, in milliseconds (/proc/PID/stat utime + stime).</summary>
    public double CpuMs()
    {
        var stat = File.ReadAllText($"/proc/{Pid}/stat");
        var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ", field 3 (state) is rest[0]: utime is field 14, stime field 15.
        var ticks = long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture);
        return ticks * 1000.0 / TicksPerSecond;
    }

    /// <summary>Peak resident memory (VmHWM) and resident memory now (VmRSS), in MiB.</summary>
    public (double PeakMiB, double NowMiB) Memory()
    {
        double Kb(string key) => File.ReadLines($"/proc/{Pid}/status").Where(l => l.StartsWith(key + ":", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture)).FirstOrDefault();
        return (Kb("VmHWM") / 1024, Kb("VmRSS") / 1024);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        process.Dispose();
        lock (log) log.Dispose();
    }
}
