using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Otdel.Platform;

public static class Localisation
{
    public const string CookieName = "otdel.lang";

    public static string CultureOf(string lang) => lang == "en" ? "en-US" : "ru-RU";

    /// <summary>Switches the current request to a person's chosen language.</summary>
    public static void Apply(string lang)
    {
        var c = new CultureInfo(CultureOf(lang));
        CultureInfo.CurrentCulture = c;
        CultureInfo.CurrentUICulture = c;
    }

    public static string CookieValue(string lang) =>
        CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(CultureOf(lang)));

    public static bool IsRussian => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ru";

    static readonly CultureInfo Ru = new("ru-RU");

    /// <summary>Money as people read it: "1 234 567 ₽" (no-break spaces), kopecks only when there are any.</summary>
    public static string Money(decimal amount, string currency = "RUB")
    {
        var culture = CultureInfo.CurrentCulture;
        var format = amount == decimal.Truncate(amount) ? "N0" : "N2";
        var number = amount.ToString(format, culture.TwoLetterISOLanguageName == "en" ? culture : Ru);
        var sign = currency switch { "RUB" => "₽", "USD" => "$", "EUR" => "€", _ => currency };
        return $"{number}\u00A0{sign}";
    }

    /// <summary>
    /// Problem details the framework writes itself (401, 404 of an unknown route, 405, 415…) come titled in English
    /// reason phrases; they get the caller's language like every refusal of ours.
    /// </summary>
    public static void TitleInCallersLanguage(Microsoft.AspNetCore.Http.ProblemDetailsContext ctx)
    {
        UseRequestCulture(ctx.HttpContext);
        var p = ctx.ProblemDetails;
        if (p.Status is not { } status) return;
        var generic = p.Title is null || p.Title == Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status)
            || p.Title.StartsWith("An error occurred", StringComparison.Ordinal) || p.Title.StartsWith("An unexpected error", StringComparison.Ordinal)
            || p.Title.StartsWith("One or more validation errors", StringComparison.Ordinal);
        if (!generic) return;
        var t = ctx.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Resources.Text>>();
        var text = t[p is Microsoft.AspNetCore.Http.HttpValidationProblemDetails ? "Error.Validation" : "Error.Status" + status];
        p.Title = text.ResourceNotFound ? t["Error.Status" + (status >= 500 ? 500 : 400)] : text.Value;
        p.Detail = null;
    }

    /// <summary>
    /// Middleware that runs outside the localisation middleware (exception handler, status-code pages) sees the
    /// process culture again once the request unwinds; this puts the caller's language back.
    /// </summary>
    public static void UseRequestCulture(HttpContext ctx)
    {
        if (ctx.Features.Get<IRequestCultureFeature>()?.RequestCulture is not { } rc) return;
        CultureInfo.CurrentCulture = rc.Culture;
        CultureInfo.CurrentUICulture = rc.UICulture;
        if (ctx.RequestServices.GetService<Access>()?.User?.Language is { } lang && ctx.Request.Cookies[CookieName] is null) Apply(lang);
    }
}
