using Otdel.Platform;

namespace Otdel.Features.Organisation.Pages;

/// <summary>
/// What a form shows after a refused save: the handler's messages next to their fields and a banner for the rest
/// (403, 404, 409). The pages render it; the rules stay in the handlers.
/// </summary>
public sealed class FormState
{
    public Failure? Failure { get; private set; }
    public bool Saved { get; set; }

    public void Fail(Failure failure) => Failure = failure;

    public string? For(string field) => Failure?.For(field);

    /// <summary>The css class of a field's input: red-bordered when it carries a message.</summary>
    public string Css(string field) => For(field) is null ? "" : "invalid";

    /// <summary>The banner: a stale save or a refusal without bad fields.</summary>
    public string? Banner => Failure is { Errors: not { Count: > 0 } } f && !Stale ? f.Title : null;

    public bool Stale => Failure is { Status: 409, Errors: not { Count: > 0 } };
}

public static class HtmxExtensions
{
    public static bool IsHtmx(this HttpRequest request) => request.Headers["HX-Request"] == "true";

    /// <summary>
    /// htmx does not swap 4xx answers, so a refused htmx save answers 200 with the form and its messages;
    /// a plain form post keeps the honest status.
    /// </summary>
    public static void RefusedWith(this HttpResponse response, HttpRequest request, Failure failure) =>
        response.StatusCode = request.IsHtmx() ? 200 : failure.Status;

    /// <summary>After a save: htmx follows HX-Redirect; a plain post gets a 303.</summary>
    public static Microsoft.AspNetCore.Mvc.IActionResult Done(this Microsoft.AspNetCore.Mvc.RazorPages.PageModel page, string url)
    {
        if (!page.Request.IsHtmx()) return new Microsoft.AspNetCore.Mvc.RedirectResult(url);
        page.Response.Headers["HX-Redirect"] = url;
        return new Microsoft.AspNetCore.Mvc.NoContentResult();
    }
}
