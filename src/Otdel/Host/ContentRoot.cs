namespace Otdel;

/// <summary>Where the app's files are: the source folder when running from the repository, the app folder when published.</summary>
static class ContentRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Otdel");
            if (File.Exists(Path.Combine(candidate, "Otdel.csproj"))) return candidate;
        }
        // Built with another artifacts folder (parallel test runs): the project folder recorded at build time.
        var built = typeof(OtdelHost).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "OtdelProjectDir")?.Value;
        return built is not null && Directory.Exists(Path.Combine(built, "wwwroot")) ? built : AppContext.BaseDirectory;
    }
}
