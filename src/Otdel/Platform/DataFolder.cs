namespace Otdel.Platform;

/// <summary>
/// The data folder (OTDEL_DATA / --data): proven writable before the app starts, and its <c>keys</c> folder — the
/// data-protection keys that sign the sign-in cookies and anti-forgery tokens — readable by its owner only.
/// </summary>
public static class DataFolder
{
    const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the folder if missing and writes and deletes a probe file in it. Null when it is usable,
    /// otherwise what is wrong, in a few words (e.g. "/srv/otdel is a file, not a folder").</summary>
    public static string? Problem(string dataDir)
    {
        var dir = Path.GetFullPath(dataDir);
        if (File.Exists(dir)) return $"the data folder {dir} is a file, not a folder";
        if (FileAmongParents(dir) is { } file) return $"cannot create the data folder {dir}: {file} is a file, not a folder";
        try
        {
            Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot create the data folder {dir} ({Reason(e)})";
        }
        var probe = Path.Combine(dir, $".otdel-probe-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllText(probe, "otdel");
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot write to the data folder {dir} ({Reason(e)})";
        }
    }

    /// <summary>The folder of the data-protection keys, <c>&lt;data&gt;/keys</c>, created (or tightened) to mode 0700.</summary>
    public static DirectoryInfo PrepareKeys(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        var path = Path.Combine(dataDir, "keys");
        if (OperatingSystem.IsWindows()) return Directory.CreateDirectory(path);
        var keys = Directory.CreateDirectory(path, OwnerOnly);
        if ((File.GetUnixFileMode(path) & ~OwnerOnly) != 0) File.SetUnixFileMode(path, OwnerOnly);
        return keys;
    }

    static string? FileAmongParents(string dir)
    {
        for (var parent = Path.GetDirectoryName(dir); !string.IsNullOrEmpty(parent); parent = Path.GetDirectoryName(parent))
            if (File.Exists(parent)) return parent;
        return null;
    }

    static string Reason(Exception e) => e is UnauthorizedAccessException ? "permission denied" : e.Message.TrimEnd('.');
}
