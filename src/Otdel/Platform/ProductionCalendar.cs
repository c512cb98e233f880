using System.Collections.Frozen;
using System.Text.Json;

namespace Otdel.Platform;

/// <summary>What a day is in a production calendar: a working day (possibly one hour shorter), a holiday or a weekend.</summary>
public enum DayKind { Working, Short, Holiday, Weekend }

/// <summary>
/// A production calendar: which days are worked. "ru" is the Russian Federation's, shipped as data for the years whose
/// decrees are known (Calendars/ru.json: holidays, moved days off, working Saturdays, shortened pre-holiday days) and by
/// the Labour Code's rule for other years; "mon-fri" is a plain Monday–Friday week for other countries. People's edits
/// (a day marked working, short or a holiday) lie on top of either. Immutable: <see cref="With"/> gives a new one.
/// </summary>
public sealed class ProductionCalendar
{
    public const string Russia = "ru", MondayToFriday = "mon-fri";
    public static readonly IReadOnlyList<string> Keys = [Russia, MondayToFriday];

    /// <summary>Public holidays of the Labour Code (art. 112), month and day.</summary>
    static readonly (int M, int D)[] RussianHolidays =
        [(1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (1, 7), (1, 8), (2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)];

    sealed record YearData(string? Source, bool Provisional, string[] Off, string[] Working, string[] Short);
    sealed record FileData(string Calendar, Dictionary<string, YearData> Years);

    static readonly Lazy<FrozenDictionary<int, YearData>> Shipped = new(LoadShipped);

    readonly FrozenDictionary<DateOnly, DayKind> edits;
    readonly Dictionary<int, Dictionary<DateOnly, DayKind>> years = [];
    readonly Lock sync = new();

    public string Key { get; }

    ProductionCalendar(string key, FrozenDictionary<DateOnly, DayKind> edits)
    {
        Key = key;
        this.edits = edits;
    }

    public static ProductionCalendar Of(string key) =>
        Keys.Contains(key) ? new(key, FrozenDictionary<DateOnly, DayKind>.Empty) : throw new ArgumentException($"Unknown calendar '{key}'.", nameof(key));

    /// <summary>The same calendar with these days as people marked them (replacing any earlier edits).</summary>
    public ProductionCalendar With(IEnumerable<KeyValuePair<DateOnly, DayKind>> marked) => new(Key, marked.ToFrozenDictionary());

    public IReadOnlyDictionary<DateOnly, DayKind> Edits => edits;

    /// <summary>Years shipped with the data file, and whether each is provisional (no decree known when it was written).</summary>
    public static IReadOnlyDictionary<int, (string? Source, bool Provisional)> ShippedYears =>
        Shipped.Value.ToDictionary(kv => kv.Key, kv => (kv.Value.Source, kv.Value.Provisional));

    /// <summary>Where a year's days come from: the shipped decree, the Labour Code's rule, or a plain week.</summary>
    public string SourceOf(int year) =>
        Key != Russia ? "mon-fri"
        : !Shipped.Value.TryGetValue(year, out var data) ? "labour-code"
        : data.Provisional ? "provisional" : "decree";

    public DayKind KindOf(DateOnly day) =>
        edits.TryGetValue(day, out var marked) ? marked
        : Year(day.Year).TryGetValue(day, out var kind) ? kind
        : day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? DayKind.Weekend : DayKind.Working;

    public bool IsWorkingDay(DateOnly day) => KindOf(day) is DayKind.Working or DayKind.Short;

    public List<DateOnly> WorkingDays(DateOnly from, DateOnly to)
    {
        var list = new List<DateOnly>();
        for (var d = from; d <= to; d = d.AddDays(1))
            if (IsWorkingDay(d)) list.Add(d);
        return list;
    }

    public List<DateOnly> WorkingDaysIn(int year, int month) =>
        WorkingDays(new DateOnly(year, month, 1), new DateOnly(year, month, DateTime.DaysInMonth(year, month)));

    /// <summary>Working hours of a month at a 40-hour week: 8 a day, 7 on a shortened day.</summary>
    public int HoursIn(int year, int month) => WorkingDaysIn(year, month).Sum(d => KindOf(d) == DayKind.Short ? 7 : 8);

    /// <summary>The days of a year that are not plain Monday–Friday: holidays, working weekends, shortened days (edits included).</summary>
    public SortedDictionary<DateOnly, DayKind> SpecialDays(int year)
    {
        var result = new SortedDictionary<DateOnly, DayKind>();
        for (var d = new DateOnly(year, 1, 1); d.Year == year; d = d.AddDays(1))
        {
            var kind = KindOf(d);
            var plain = d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? DayKind.Weekend : DayKind.Working;
            if (kind != plain) result[d] = kind;
        }
        return result;
    }

    /// <summary>The year's days that differ from Monday–Friday before people's edits.</summary>
    Dictionary<DateOnly, DayKind> Year(int year)
    {
        lock (sync)
        {
            if (years.TryGetValue(year, out var known)) return known;
            var days = new Dictionary<DateOnly, DayKind>();
            if (Key == Russia)
            {
                if (Shipped.Value.TryGetValue(year, out var data))
                {
                    foreach (var d in data.Off) days[DateOnly.Parse(d, System.Globalization.CultureInfo.InvariantCulture)] = DayKind.Holiday;
                    foreach (var d in data.Working) days[DateOnly.Parse(d, System.Globalization.CultureInfo.InvariantCulture)] = DayKind.Working;
                    foreach (var d in data.Short) days[DateOnly.Parse(d, System.Globalization.CultureInfo.InvariantCulture)] = DayKind.Short;
                }
                else ByLabourCode(year, days);
            }
            years[year] = days;
            return days;
        }
    }

    /// <summary>
    /// Art. 112: a holiday on a weekend moves to the next working day (the New Year's ones move only by decree, so they are
    /// not moved here); art. 95: the working day just before a holiday is an hour shorter.
    /// </summary>
    static void ByLabourCode(int year, Dictionary<DateOnly, DayKind> days)
    {
        static bool Weekend(DateOnly d) => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        foreach (var (m, d) in RussianHolidays) days[new DateOnly(year, m, d)] = DayKind.Holiday;
        foreach (var (m, d) in RussianHolidays.Where(h => h.M != 1))
        {
            var day = new DateOnly(year, m, d);
            if (!Weekend(day)) continue;
            var next = day.AddDays(1);
            while (Weekend(next) || days.ContainsKey(next)) next = next.AddDays(1);
            days[next] = DayKind.Holiday;
        }
        foreach (var (m, d) in RussianHolidays.Append((1, 1)))
        {
            var holiday = m == 1 && d == 1 ? new DateOnly(year + 1, 1, 1) : new DateOnly(year, m, d);
            var before = holiday.AddDays(-1);
            if (before.Year == year && !Weekend(before) && !days.ContainsKey(before)) days[before] = DayKind.Short;
        }
    }

    static FrozenDictionary<int, YearData> LoadShipped()
    {
        var asm = typeof(ProductionCalendar).Assembly;
        var name = asm.GetManifestResourceNames().Single(n => n.EndsWith("Calendars.ru.json", StringComparison.Ordinal));
        using var stream = asm.GetManifestResourceStream(name)!;
        var file = JsonSerializer.Deserialize<FileData>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        return file.Years.ToFrozenDictionary(kv => int.Parse(kv.Key, System.Globalization.CultureInfo.InvariantCulture), kv => kv.Value);
    }
}
