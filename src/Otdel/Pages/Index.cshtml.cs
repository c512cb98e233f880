using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Otdel.Platform;

namespace Otdel.Pages;

public sealed class IndexModel(Access access, TimeProvider clock) : PageModel
{
    public string FirstName => access.User!.FullName.Split(' ')[0];
    public string Today => clock.GetLocalNow().ToString("dddd, d MMMM yyyy", CultureInfo.CurrentCulture);

    public void OnGet() { }
}
