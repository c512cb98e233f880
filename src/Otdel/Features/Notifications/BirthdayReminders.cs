using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Features.Clients;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Notifications;

/// <summary>That a client's important date of a year has been told to its owner (one row per client, kind and year).</summary>
public sealed class DateReminder
{
    public long Id { get; set; }
    public long ClientId { get; set; }
    /// <summary>"birthday" (the only kind yet: custom dates such as a contract's anniversary would add theirs).</summary>
    public required string Kind { get; set; }
    public int Year { get; set; }
    public long UserId { get; set; }
    public DateTime At { get; set; }
}

sealed class DateReminderConfiguration : IEntityTypeConfiguration<DateReminder>
{
    public void Configure(EntityTypeBuilder<DateReminder> b)
    {
        b.ToTable("date_reminders");
        b.Property(x => x.Kind).HasMaxLength(20);
        b.HasIndex(x => new { x.ClientId, x.Kind, x.Year }).IsUnique();
        b.HasOne<Client>().WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// Important dates (issue 10 item 7): a client's birthday becomes a notification to the client's owner (a contact
/// person without one: their company's owner) when it is Otdel:BirthdayReminderDays days away or nearer (3 by default,
/// 0 switches reminders off) — once a year per client, also when the watcher was stopped on the day or the birthday was
/// typed in later. "Today" is the company's (Otdel:TimeZone). 29 February is kept on 28 February in other years. Runs
/// hourly (Otdel:BirthdayReminderIntervalSeconds); <see cref="RunOnceAsync"/> is one pass.
/// </summary>
public sealed class BirthdayReminders(IServiceScopeFactory scopes, IConfiguration config, ILogger<BirthdayReminders> log) : BackgroundService
{
    public int DaysBefore => Math.Clamp(config.GetValue("Otdel:BirthdayReminderDays", 3), 0, 60);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = config.GetValue("Otdel:BirthdayReminderIntervalSeconds", 3600);
        if (seconds <= 0 || DaysBefore == 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        do
        {
            try
            {
                var n = await RunOnceAsync(stoppingToken);
                if (n > 0) log.LogInformation("Birthday reminders sent: {Count}", n);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Birthday reminder pass failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>The birthday's date in a year (29 February on the 28th when the year has none).</summary>
    public static DateOnly InYear(DateOnly birthday, int year) =>
        birthday is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(year) ? new DateOnly(year, 2, 28) : new DateOnly(year, birthday.Month, birthday.Day);

    /// <summary>The next birthday on or after <paramref name="today"/>.</summary>
    public static DateOnly Next(DateOnly birthday, DateOnly today)
    {
        var d = InYear(birthday, today.Year);
        return d >= today ? d : InYear(birthday, today.Year + 1);
    }

    /// <summary>One pass; returns how many reminders it sent.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var days = DaysBefore;
        if (days == 0) return 0;
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OtdelDb>();
        var zone = scope.ServiceProvider.GetRequiredService<WorkCalendar>().Zone;
        var t = scope.ServiceProvider.GetRequiredService<IStringLocalizer<Text>>();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(db.UtcNow, zone));
        var last = today.AddDays(days);
        var months = Enumerable.Range(0, days + 1).Select(i => today.AddDays(i).Month).Distinct().ToList();
        var candidates = (await db.Clients.AsNoTracking().Where(c => c.Birthday != null && months.Contains(c.Birthday.Value.Month))
                .Select(c => new { c.Id, c.Name, Birthday = c.Birthday!.Value, c.OwnerId, c.CompanyId }).ToListAsync(ct))
            .Select(c => new { c.Id, c.Name, c.OwnerId, c.CompanyId, On = Next(c.Birthday, today) })
            .Where(c => c.On <= last).ToList();
        if (candidates.Count == 0) return 0;
        var ids = candidates.Select(c => c.Id).ToList();
        var told = (await db.Set<DateReminder>().AsNoTracking().Where(r => ids.Contains(r.ClientId) && r.Kind == "birthday")
            .Select(r => new { r.ClientId, r.Year }).ToListAsync(ct)).ToHashSet();
        var companyIds = candidates.Where(c => c.OwnerId == null && c.CompanyId != null).Select(c => c.CompanyId!.Value).Distinct().ToList();
        var companies = await db.Clients.AsNoTracking().Where(c => companyIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => new { c.Name, c.OwnerId }, ct);
        var ownerIds = candidates.Select(c => c.OwnerId).Concat(companies.Values.Select(c => c.OwnerId)).OfType<long>().Distinct().ToList();
        var owners = await db.Users.AsNoTracking().Where(u => ownerIds.Contains(u.Id) && u.IsActive).ToDictionaryAsync(u => u.Id, u => u.Language, ct);

        var sent = 0;
        foreach (var c in candidates.Where(c => !told.Contains(new { ClientId = c.Id, Year = c.On.Year })))
        {
            var company = c.CompanyId is { } cid ? companies.GetValueOrDefault(cid) : null;
            if ((c.OwnerId ?? company?.OwnerId) is not { } owner || !owners.TryGetValue(owner, out var language)) continue;
            var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();
            db.Add(new DateReminder { ClientId = c.Id, Kind = "birthday", Year = c.On.Year, UserId = owner, At = db.UtcNow });
            var who = company is null ? c.Name : $"{c.Name} ({company.Name})";
            notifier.Notify(owner, "birthday", In(t, language, c.On == today ? "Notifications.Birthday.Today" : "Notifications.Birthday.Soon",
                who, c.On.ToString("dd.MM", CultureInfo.InvariantCulture), c.On.DayNumber - today.DayNumber), $"/clients/{c.Id}");
            // One save a reminder: another instance that told the same client first makes this one fail alone.
            try { await db.SaveChangesAsync(ct); sent++; }
            catch (DbUpdateException) { db.ChangeTracker.Clear(); }
        }
        return sent;
    }

    /// <summary>A text in its recipient's language.</summary>
    internal static string In(IStringLocalizer<Text> t, string? language, string key, params object[] args)
    {
        var (ui, format) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(Localisation.CultureOf(language ?? "ru"));
            return t[key, args];
        }
        finally { (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, format); }
    }
}
