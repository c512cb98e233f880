using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Features.Clients;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Notifications;

/// <summary>That a client's important date of a year has been told (one row per client, kind and year).</summary>
public sealed class DateReminder
{
    public long Id { get; set; }
    public long ClientId { get; set; }
    /// <summary>"birthday", or "date:{id}" for a client's own date (<see cref="DateReminders.KindOf"/>).</summary>
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
/// Important dates (issue 10 item 7): a client's birthday and its own dates (<see cref="ClientDate"/>: a contract's
/// anniversary, yearly or once) become a notification to the client's owner (a contact person without one: their
/// company's owner) and to a key account's KAM, when the date is the owner's department's number of days away or nearer
/// (<see cref="DateReminderDays"/>; else Otdel:BirthdayReminderDays, 3; 0 = off) — once per occurrence, also when the
/// watcher was stopped on the day or the date was typed in later. "Today" is the company's (Otdel:TimeZone). A yearly
/// 29 February comes on 28 February in other years. Runs hourly (Otdel:BirthdayReminderIntervalSeconds);
/// <see cref="RunOnceAsync"/> is one pass.
/// </summary>
public sealed class DateReminders(IServiceScopeFactory scopes, IConfiguration config, ILogger<DateReminders> log) : BackgroundService
{
    public const string Birthday = "birthday";

    /// <summary>The reminder row's kind for a client's own date: one per date, so each is told once per year.</summary>
    public static string KindOf(ClientDate d) => "date:" + d.Id.ToString(CultureInfo.InvariantCulture);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = config.GetValue("Otdel:BirthdayReminderIntervalSeconds", 3600);
        if (seconds <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        do
        {
            try
            {
                var n = await RunOnceAsync(stoppingToken);
                if (n > 0) log.LogInformation("Date reminders sent: {Count}", n);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Date reminder pass failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One date's coming occurrence: a birthday (no title) or a client's own date.</summary>
    sealed record Occasion(long ClientId, string Kind, DateOnly On, string? Title, bool Yearly);

    /// <summary>One pass; returns how many occurrences it told (each to one or two people).</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OtdelDb>();
        var zone = scope.ServiceProvider.GetRequiredService<WorkCalendar>().Zone;
        var t = scope.ServiceProvider.GetRequiredService<IStringLocalizer<Text>>();
        var fallback = SaveDateReminderDays.DefaultOf(config);
        var byDepartment = await db.Set<DateReminderDays>().AsNoTracking().ToDictionaryAsync(x => x.DepartmentId, x => x.Days, ct);
        var widest = byDepartment.Values.Append(fallback).Max();
        if (widest == 0) return 0;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(db.UtcNow, zone));
        var last = today.AddDays(widest);
        var months = Enumerable.Range(0, widest + 1).Select(i => today.AddDays(i).Month).Distinct().ToList();

        var birthdays = (await db.Clients.AsNoTracking().Where(c => c.Birthday != null && months.Contains(c.Birthday.Value.Month))
                .Select(c => new { c.Id, Birthday = c.Birthday!.Value }).ToListAsync(ct))
            .Select(c => new Occasion(c.Id, Birthday, ImportantDates.Next(c.Birthday, today), null, true));
        var own = (await db.Set<ClientDate>().AsNoTracking()
                .Where(d => (d.Yearly && months.Contains(d.Date.Month)) || (!d.Yearly && d.Date >= today && d.Date <= last)).ToListAsync(ct))
            .Select(d => new Occasion(d.ClientId, KindOf(d), ImportantDates.Next(d.Date, d.Yearly, today) ?? DateOnly.MaxValue, d.Title, d.Yearly));
        var occasions = birthdays.Concat(own).Where(o => o.On <= last).ToList();
        if (occasions.Count == 0) return 0;

        var ids = occasions.Select(o => o.ClientId).Distinct().ToList();
        var told = (await db.Set<DateReminder>().AsNoTracking().Where(r => ids.Contains(r.ClientId))
            .Select(r => new { r.ClientId, r.Kind, r.Year }).ToListAsync(ct)).Select(r => (r.ClientId, r.Kind, r.Year)).ToHashSet();
        var clients = await db.Clients.AsNoTracking().Where(c => ids.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => new Party(c.Name, c.OwnerId, c.CompanyId, c.IsKeyAccount ? c.KamId : null), ct);
        var companyIds = clients.Values.Select(c => c.CompanyId).OfType<long>().Distinct().ToList();
        var companies = await db.Clients.AsNoTracking().Where(c => companyIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => new Party(c.Name, c.OwnerId, null, c.IsKeyAccount ? c.KamId : null), ct);
        var userIds = clients.Values.Concat(companies.Values).SelectMany(c => new[] { c.OwnerId, c.KamId }).OfType<long>().Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id) && u.IsActive)
            .ToDictionaryAsync(u => u.Id, u => new { u.Language, u.DepartmentId }, ct);

        var sent = 0;
        foreach (var o in occasions.Where(o => !told.Contains((o.ClientId, o.Kind, o.On.Year))).OrderBy(o => o.On))
        {
            if (!clients.TryGetValue(o.ClientId, out var c)) continue;
            var company = c.CompanyId is { } cid ? companies.GetValueOrDefault(cid) : null;
            // The owner (a contact's: the company's) and a key account's KAM; the owner's department says how far ahead.
            var recipients = new[] { c.OwnerId ?? company?.OwnerId, c.KamId ?? company?.KamId }.OfType<long>().Where(people.ContainsKey).Distinct().ToList();
            if (recipients.Count == 0) continue;
            var days = people[recipients[0]].DepartmentId is { } dep && byDepartment.TryGetValue(dep, out var n) ? n : fallback;
            if (days == 0 || o.On > today.AddDays(days)) continue;
            db.Add(new DateReminder { ClientId = o.ClientId, Kind = o.Kind, Year = o.On.Year, UserId = recipients[0], At = db.UtcNow });
            var who = company is null ? c.Name : $"{c.Name} ({company.Name})";
            var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();
            foreach (var person in recipients)
                notifier.Notify(person, NotificationKinds.Birthday, Text(t, people[person].Language, o, who, today), $"/clients/{o.ClientId}");
            // One save an occurrence: another instance that told the same one first makes this one fail alone.
            try { await db.SaveChangesAsync(ct); sent++; }
            catch (DbUpdateException) { db.ChangeTracker.Clear(); }
        }
        return sent;
    }

    sealed record Party(string Name, long? OwnerId, long? CompanyId, long? KamId);

    static string Text(IStringLocalizer<Text> t, string? language, Occasion o, string who, DateOnly today)
    {
        var day = o.On.ToString(o.Yearly ? "dd.MM" : "dd.MM.yyyy", CultureInfo.InvariantCulture);
        var left = o.On.DayNumber - today.DayNumber;
        return o.Title is null
            ? In(t, language, left == 0 ? "Notifications.Birthday.Today" : "Notifications.Birthday.Soon", who, day, left)
            : In(t, language, left == 0 ? "Notifications.Date.Today" : "Notifications.Date.Soon", o.Title, who, day, left);
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
