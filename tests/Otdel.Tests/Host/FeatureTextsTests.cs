using System.Globalization;
using System.Xml.Linq;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Otdel.Platform;
using Otdel.Shell;

namespace Otdel.Tests.Host;

/// <summary>Texts live per capability; every key of every file is found through the one localizer, in both languages.</summary>
public sealed class FeatureTextsTests
{
    static readonly string Src = Path.Combine(FindRoot(), "src", "Otdel");

    static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Otdel.slnx"))) return d.FullName;
        throw new InvalidOperationException("repository root not found");
    }

    static IEnumerable<string> Keys(string resx) => XDocument.Load(resx).Root!.Elements("data").Select(e => (string)e.Attribute("name")!);

    [Fact]
    public void Every_key_of_every_texts_file_is_found_in_english_and_russian()
    {
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);
        var texts = new FeatureTexts(factory);
        var files = Directory.GetFiles(Src, "*.resx", SearchOption.AllDirectories).Where(f => !f.EndsWith(".ru.resx", StringComparison.Ordinal)).ToList();
        Assert.True(files.Count >= 9, string.Join(", ", files));
        var missing = new List<string>();
        foreach (var file in files)
        {
            var en = Keys(file).ToHashSet();
            var ru = Keys(file.Replace(".resx", ".ru.resx")).ToHashSet();
            Assert.True(en.SetEquals(ru), $"{Path.GetFileName(file)}: keys differ between English and Russian: {string.Join(", ", en.Except(ru).Concat(ru.Except(en)))}");
            foreach (var culture in new[] { "en-US", "ru-RU" })
            {
                CultureInfo.CurrentUICulture = new CultureInfo(culture);
                missing.AddRange(en.Where(k => texts[k].ResourceNotFound).Select(k => $"{culture} {k} ({Path.GetFileName(file)})"));
            }
        }
        Assert.Empty(missing);
        CultureInfo.CurrentUICulture = new CultureInfo("ru-RU");
        Assert.Equal("Нет доступа", texts["Error.Status403"].Value.TrimEnd('.'));
    }
}
