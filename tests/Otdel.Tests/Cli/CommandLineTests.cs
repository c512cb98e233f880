using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Otdel.Platform;

namespace Otdel.Tests.Cli;

/// <summary>
/// The command line as a person meets it: the built Otdel.dll run as a real process. Help goes to stdout; a
/// mistake (bad --urls, busy port, unusable data folder) is one line on stderr and exit code 2, never a stack trace.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed partial class CommandLineTests : IDisposable
{
    const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    readonly string root = Path.Combine(Path.GetTempPath(), "otdel-cli-tests", Guid.NewGuid().ToString("N")[..12]);

    public CommandLineTests() => Directory.CreateDirectory(root);

    public void Dispose()
    {
        foreach (var dir in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(dir, OwnerOnly);
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    string Data => Path.Combine(root, "data");

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Help_prints_every_verb_the_readme_lists_on_stdout(string flag)
    {
        var run = await Run(flag);

        Assert.Equal(0, run.Code);
        Assert.Equal("", run.Err);
        string[] expected = ["serve", "migrate", "admin create", "token create", "bench", "test"];
        foreach (var verb in expected.Union(ReadmeVerbs()))
            Assert.Contains($"./otdel {verb}", run.Out);
    }

    [Fact]
    public async Task An_unknown_verb_prints_the_usage_on_stderr_and_exits_2()
    {
        var run = await Run("frobnicate");

        Assert.Equal(2, run.Code);
        Assert.Equal("", run.Out);
        Assert.Contains("unknown command 'frobnicate'", run.Err);
        Assert.Contains("./otdel serve", run.Err);
    }

    [Theory]
    [InlineData("notaurl")]
    [InlineData("http://127.0.0.1:99999")]
    public async Task A_bad_urls_option_is_one_line_naming_it(string urls)
    {
        var run = await Run("serve", "--urls", urls);

        Assert.Equal(2, run.Code);
        var line = OneLine(run);
        Assert.Contains("--urls", line);
        Assert.Contains(urls.Contains("99999") ? "port 99999" : "notaurl", line);
        Assert.False(Directory.Exists(Path.Combine(Data, "keys")), "nothing is prepared before the URL is checked");
    }

    [Fact]
    public async Task A_busy_port_is_one_line_saying_what_to_do()
    {
        var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        try
        {
            var port = ((IPEndPoint)other.LocalEndpoint).Port;
            var run = await Run("serve", "--urls", $"http://127.0.0.1:{port}");

            Assert.Equal(2, run.Code);
            var line = OneLine(run);
            Assert.Contains($"port {port} is already in use", line);
            Assert.Contains("--urls http://127.0.0.1:", line);
        }
        finally
        {
            other.Stop();
        }
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("migrate")]
    public async Task A_data_folder_under_a_regular_file_is_one_line(string verb)
    {
        var file = Path.Combine(root, "not-a-folder");
        await File.WriteAllTextAsync(file, "x");

        var run = await Run(verb, "--data", Path.Combine(file, "data"), "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, run.Code);
        var line = OneLine(run);
        Assert.Contains($"{file} is a file", line);
        Assert.Contains("--data", line);
    }

    [Fact]
    public async Task A_data_folder_without_write_permission_is_one_line()
    {
        var locked = Path.Combine(root, "read-only");
        Directory.CreateDirectory(locked);
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        if (CanWrite(locked)) return; // root writes anywhere: the mode cannot stop it, so there is nothing to show

        var run = await Run("serve", "--data", locked, "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, run.Code);
        var line = OneLine(run);
        Assert.Contains($"cannot write to the data folder {locked}", line);
        Assert.Contains("--data", line);
    }

    [Fact]
    public async Task Serve_creates_the_key_folder_readable_by_its_owner_only()
    {
        using var p = Start("serve", "--urls", "http://127.0.0.1:0");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            string? line;
            do line = await p.StandardOutput.ReadLineAsync(timeout.Token);
            while (line is not null && !line.StartsWith("Otdel is listening on http://127.0.0.1:", StringComparison.Ordinal));
            if (line is null) Assert.Fail("serve stopped before listening: " + await p.StandardError.ReadToEndAsync(timeout.Token));

            Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(Data, "keys")));
        }
        finally
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
    }

    [Fact]
    public void An_existing_key_folder_is_tightened_to_its_owner_only()
    {
        var keys = Path.Combine(Data, "keys");
        Directory.CreateDirectory(keys);
        File.SetUnixFileMode(keys, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var prepared = DataFolder.PrepareKeys(Data);

        Assert.Equal(keys, prepared.FullName);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(keys));
    }

    /// <summary>The one line of an error: "otdel: …", with no stack trace or exception dump anywhere.</summary>
    static string OneLine((int Code, string Out, string Err) run)
    {
        var lines = run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("otdel: ", line);
        foreach (var text in new[] { run.Out, run.Err })
        {
            Assert.DoesNotContain("   at ", text);
            Assert.DoesNotContain("Exception", text);
        }
        return line;
    }

    static bool CanWrite(string dir)
    {
        try
        {
            var probe = Path.Combine(dir, "probe");
            File.WriteAllText(probe, "x");
            File.Delete(probe);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The verbs in the README's command table (`./otdel serve [...]`, `./otdel admin create --email ...`).</summary>
    static IEnumerable<string> ReadmeVerbs()
    {
        var project = typeof(OtdelHost).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "OtdelProjectDir").Value!;
        var readme = Path.Combine(project, "..", "..", "README.md");
        Assert.True(File.Exists(readme), readme);
        var verbs = ReadmeVerb().Matches(File.ReadAllText(readme)).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(verbs);
        return verbs;
    }

    [GeneratedRegex(@"^\| `\./otdel ([a-z][a-z-]*(?: [a-z][a-z-]*)?)", RegexOptions.Multiline)]
    private static partial Regex ReadmeVerb();

    Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Otdel.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["OTDEL_DATA"] = Data;
        psi.Environment["OTDEL_DB_PROVIDER"] = "sqlite";
        psi.Environment["OTDEL_LOG_FORMAT"] = "text";
        psi.Environment.Remove("OTDEL_DB");
        psi.Environment.Remove("ASPNETCORE_URLS");
        return Process.Start(psi)!;
    }

    async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var p = Start(args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"otdel {string.Join(' ', args)} did not exit within two minutes");
        }
        return (p.ExitCode, await stdout, await stderr);
    }
}
