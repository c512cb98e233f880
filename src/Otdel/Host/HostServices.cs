using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel;

/// <summary>The platform services every capability uses, the API's JSON conventions, and how errors are answered.</summary>
static class HostServices
{
    public static IServiceCollection AddHostServices(this IServiceCollection s, DbSettings settings)
    {
        s.AddOtdelDb(settings);
        s.AddSingleton(TimeProvider.System);
        s.AddSingleton<WorkCalendar>();
        s.AddScoped(_ => new Actor());
        s.AddScoped<Access>();
        s.AddSingleton<AccessCache>();
        s.AddScoped<Platform.Mail.Mailer>();
        s.AddSingleton<Platform.Mail.MailSender>();
        s.AddHostedService(sp => sp.GetRequiredService<Platform.Mail.MailSender>());
        s.AddScoped<LocalTime>();
        s.AddScoped<Errors>();
        s.AddScoped<Problems>();
        s.AddLocalization();
        s.AddSingleton<Microsoft.Extensions.Localization.IStringLocalizer<Resources.Text>, Shell.FeatureTexts>();
        s.AddHttpContextAccessor();

        s.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            // Russian text as text, not \u escapes: readable answers, a third the size.
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
        });
        s.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? ctx.HttpContext.TraceIdentifier;
            Localisation.TitleInCallersLanguage(ctx);
        });
        // Binding failures throw, so BadInput can name the field in the caller's language instead of an empty 400.
        s.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        s.AddExceptionHandler<BadInput>();
        s.AddOpenApi(o => o.AddDocumentTransformer<OpenApiBearer>());
        return s;
    }

    /// <summary>No stack trace reaches a user: the API gets problem details, pages get the friendly error page.</summary>
    public static void UseHostErrors(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/Error",
            StatusCodeSelector = ex => ex switch
            {
                Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException => 409,
                BadHttpRequestException b => b.StatusCode,
                InvalidValueException => 400,
                _ => 500,
            },
        });
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), a => a.UseStatusCodePages());
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api") && !c.Request.Path.StartsWithSegments("/openapi"),
            a => a.UseStatusCodePagesWithReExecute("/Error", "?code={0}"));
        app.UseSecurityHeaders();
    }

    public static void MapHostApiDocs(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(o => { o.RoutePrefix = "api/docs"; o.SwaggerEndpoint("/openapi/v1.json", "Otdel API v1"); o.DocumentTitle = "Otdel API"; });
    }
}
