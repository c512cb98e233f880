using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Otdel.Features.Search;

namespace Otdel.Features.Search.Pages;

/// <summary>The top bar's search as a page: the same <see cref="SearchEverything"/> the API answers with.</summary>
public sealed class IndexModel(SearchEverything search) : PageModel
{
    [FromQuery(Name = "q")] public string? Q { get; set; }
    public SearchResults? Results { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Q)) return;
        var outcome = await search.Run(Q, ct);
        if (outcome.Failure is { } failure) Error = failure.For("q") ?? failure.Title;
        else Results = outcome.Value;
    }
}
