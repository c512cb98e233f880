using System.Globalization;
using Microsoft.Extensions.Localization;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Deals;

/// <summary>Texts for someone other than the caller (a notification's recipient) in that person's language.</summary>
public static class DealTexts
{
    public static string In(IStringLocalizer<Text> t, string? language, string key, params object[] args)
    {
        var saved = CultureInfo.CurrentUICulture;
        var savedFormat = CultureInfo.CurrentCulture;
        try
        {
            var culture = new CultureInfo(Localisation.CultureOf(language ?? "ru"));
            CultureInfo.CurrentUICulture = culture;
            CultureInfo.CurrentCulture = culture;
            return t[key, args];
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
            CultureInfo.CurrentCulture = savedFormat;
        }
    }
}
