using Microsoft.AspNetCore.Mvc;

namespace Otdel.Features.Plans.Pages;

/// <summary>What <c>_TodayPlan</c> draws: the seller's day, and whether it is someone else's (their name in the heading).</summary>
public sealed record TodayPlanCard(SellerDayView Day, bool Other, bool ShowEmpty);

/// <summary>
/// The seller's daily view as a block (issue 12 item 7): My day shows the reader's own when they have a plan today; the page
/// /plans/today shows any seller the reader sees. Read by <see cref="SellerDay"/> as GET /api/v1/plans/today answers.
/// </summary>
public sealed class TodayPlanViewComponent(SellerDay day) : ViewComponent
{
    public const string CardView = "/Features/Plans/Pages/_TodayPlan.cshtml";

    public async Task<IViewComponentResult> InvokeAsync(long? userId = null, bool showEmpty = false)
    {
        var outcome = await day.RunAsync(userId, null, HttpContext.RequestAborted);
        if (!outcome.Ok || outcome.Value!.Plans.Count == 0 && !showEmpty) return Content("");
        return View(CardView, new TodayPlanCard(outcome.Value!, userId is not null, showEmpty));
    }
}
