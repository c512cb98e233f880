using Microsoft.AspNetCore.Mvc;

namespace Otdel.Features.Tasks.Pages;

/// <summary>
/// The task cards other capabilities' pages show: a deal's («Задачи», with the add form) and the person's day («Задачи
/// на сегодня»). <c>@await Component.InvokeAsync("TaskCard", new { dealId })</c>; no deal id = today's.
/// </summary>
public sealed class TaskCardViewComponent(TaskCards cards) : ViewComponent
{
    public const string DealView = "/Features/Tasks/Pages/_DealTasks.cshtml";
    public const string TodayView = "/Features/Tasks/Pages/_TodayTasks.cshtml";

    public async Task<IViewComponentResult> InvokeAsync(long? dealId = null)
    {
        if (dealId is null) return View(TodayView, await cards.TodayAsync(HttpContext.RequestAborted));
        var card = await cards.OfDealAsync(dealId.Value, HttpContext.RequestAborted);
        return card is null ? Content("") : View(DealView, card);
    }
}
