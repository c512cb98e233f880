namespace Otdel.Platform;

/// <summary>
/// The same security headers on every response, the API browser at /api/docs included: no framing, no sniffing,
/// a referrer kept to our origin, no camera/microphone/location, and one content security policy.
/// </summary>
static class SecurityHeaders
{
    /// <summary>
    /// Scripts only from our own origin (htmx, the board); styles allow inline attributes for widths of bars.
    /// Swagger UI at /api/docs (Swashbuckle 11) lives with it unchanged: its page has no inline script (the config
    /// comes in /api/docs/index.js) and needs no eval; it sets inline styles, draws icons as data: images and fetches
    /// /openapi/v1.json and "try it out" calls from our origin. A later Swagger UI that wants more must get its own
    /// policy for /api/docs here (a nonce or hash before 'unsafe-inline'), never a wider one for the app.
    /// </summary>
    const string Csp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((ctx, next) =>
    {
        var h = ctx.Response.Headers;
        h.ContentSecurityPolicy = Csp;
        h.XFrameOptions = "DENY";
        h.XContentTypeOptions = "nosniff";
        h["Referrer-Policy"] = "strict-origin-when-cross-origin";
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        return next();
    });
}
