using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Otdel.Shell;

/// <summary>What the error page tells: only a failure (an exception or a 5xx) was logged and carries a trace id.</summary>
public enum ErrorKind { Failed, Forbidden, NotFound, Refused }

/// <summary>The friendly error page; API paths get problem details with the trace id instead, never a stack trace.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(IProblemDetailsService problems, ILogger<ErrorModel> log) : PageModel
{
    public int Code { get; private set; }
    public string TraceId { get; private set; } = "";
    public ErrorKind Kind { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? code) => await Handle(code);
    public async Task<IActionResult> OnPostAsync(int? code) => await Handle(code);
    public async Task<IActionResult> OnPutAsync(int? code) => await Handle(code);
    public async Task<IActionResult> OnPatchAsync(int? code) => await Handle(code);
    public async Task<IActionResult> OnDeleteAsync(int? code) => await Handle(code);

    async Task<IActionResult> Handle(int? code)
    {
        TraceId = Activity.Current?.TraceId.ToString() ?? HttpContext.TraceIdentifier;
        var error = HttpContext.Features.Get<IExceptionHandlerPathFeature>();
        Code = code ?? (Response.StatusCode >= 400 ? Response.StatusCode : 500);
        if (error is not null) log.LogError(error.Error, "Unhandled error on {Path}", error.Path);
        if (error?.Path.StartsWith("/api", StringComparison.OrdinalIgnoreCase) == true)
        {
            var status = error.Error is Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException ? 409 : 500;
            Response.StatusCode = status;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = HttpContext,
                ProblemDetails = { Status = status, Title = status == 409 ? "Conflict" : "An unexpected error occurred." },
            });
            return new EmptyResult();
        }
        Response.StatusCode = Code;
        Kind = error is not null || Code >= 500 ? ErrorKind.Failed
            : Code switch { 403 => ErrorKind.Forbidden, 404 => ErrorKind.NotFound, _ => ErrorKind.Refused };
        return Page();
    }
}
