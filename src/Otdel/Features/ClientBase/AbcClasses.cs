namespace Otdel.Features.ClientBase;

/// <summary>
/// The ABC rule, pure: clients sorted by their value (most first), each takes the class of the share the clients before
/// it had already made — under 80 %: A, under 95 %: B, else C. So A is the top clients up to and including the one that
/// crosses 80 %, B the next up to and including the one that crosses 95 %, C the rest. Exact decimals decide the bands;
/// shares are given rounded to 4 places.
/// </summary>
public static class AbcClasses
{
    public const decimal ABand = 0.80m;
    public const decimal BBand = 0.95m;

    /// <summary>The class of each value, in the given order (already sorted, most first); values must be positive.</summary>
    public static IReadOnlyList<(string Class, decimal Cumulative)> Classify(IReadOnlyList<decimal> sortedValues)
    {
        var total = sortedValues.Sum();
        var result = new List<(string, decimal)>(sortedValues.Count);
        decimal before = 0;
        foreach (var v in sortedValues)
        {
            var cls = before < ABand * total ? "A" : before < BBand * total ? "B" : "C";
            before += v;
            result.Add((cls, before));
        }
        return result;
    }

    public static double Share(decimal part, decimal total) =>
        total == 0 ? 0 : Math.Round((double)(part / total), 4, MidpointRounding.AwayFromZero);
}
