using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Clients.Pages;

/// <summary>
/// A new company or private client, through <see cref="CreateClient"/>: a look-alike of a client the caller has is shown
/// with a link to it and an explicit «create anyway»; a bad value is said by its field, and what was typed stays.
/// </summary>
public sealed class NewModel(IStringLocalizer<Text> t) : PageModel
{
    public ClientForm Form { get; private set; } = new() { Kind = "company" };
    public Failure? Failure { get; private set; }

    public void OnGet(string? kind)
    {
        if (kind == "person") Form.Kind = "person";
    }

    public async Task<IActionResult> OnPostAsync([FromForm] ClientForm form, [FromServices] CreateClient create, CancellationToken ct)
    {
        var (input, bad) = form.ToInput(company: false, withKind: true, t);
        var outcome = bad is not null ? (Outcome<ClientView>)bad : await create.Run(input, null, ct);
        if (outcome.Ok) return Redirect($"/clients/{outcome.Value!.Id}?done=created");
        Form = form;
        Failure = outcome.Failure;
        Response.StatusCode = Failure!.Status;
        return Page();
    }

    public string? ErrorFor(string field) =>
        ClientForm.ErrorOf(Failure, field);

    public string Css(string field) => ErrorFor(field) is null ? "" : "invalid";
}
