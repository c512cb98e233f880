using Otdel.Features.Deals;

namespace Otdel.Tests.Reports;

/// <summary>
/// A sales report row computed independently from closed deals, as the contract defines it: won, lost, win rate (won ÷
/// (won + lost), 4 places), revenue won, average won deal (kopecks, away from zero), median cycle in days (UTC close date −
/// UTC created date; an even count takes the mean of the middle two).
/// </summary>
public static class SalesExpectation
{
    public readonly record struct Closed(DealStatus Status, decimal Amount, DateTime CreatedUtc, DateTime ClosedUtc);

    public static (string? Key, long Won, long Lost, double? WinRate, decimal Revenue, decimal? Avg, double? Median) Of(
        string? key, IReadOnlyList<Closed> deals)
    {
        var won = deals.Count(d => d.Status == DealStatus.Won);
        var lost = deals.Count(d => d.Status == DealStatus.Lost);
        var revenue = deals.Where(d => d.Status == DealStatus.Won).Sum(d => d.Amount);
        var cycles = deals.Select(d => (double)(DateOnly.FromDateTime(d.ClosedUtc).DayNumber - DateOnly.FromDateTime(d.CreatedUtc).DayNumber))
            .Order().ToList();
        double? median = cycles.Count == 0 ? null
            : cycles.Count % 2 == 1 ? cycles[cycles.Count / 2] : (cycles[cycles.Count / 2 - 1] + cycles[cycles.Count / 2]) / 2;
        return (key, won, lost, won + lost == 0 ? null : Math.Round((double)won / (won + lost), 4), revenue,
            won == 0 ? null : decimal.Round(revenue / won, 2, MidpointRounding.AwayFromZero), median);
    }
}
