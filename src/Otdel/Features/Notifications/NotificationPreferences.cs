using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Notifications;

public sealed record PreferenceView(string Kind, bool InApp, bool Email);
public sealed record PreferencesView(List<PreferenceView> Kinds);
public sealed record PreferenceInput(string? Kind, bool? InApp, bool? Email);
public sealed record PreferencesInput(List<PreferenceInput>? Kinds);

/// <summary>A person's own choice of notifications (GET/PUT /api/v1/notifications/preferences and the notifications page).</summary>
public static class NotificationPreferences
{
    /// <summary>Every kind, each with the person's choice or the default.</summary>
    public static async Task<PreferencesView> ReadAsync(OtdelDb db, long userId, CancellationToken ct)
    {
        var rows = await db.Set<NotificationPreference>().AsNoTracking().Where(p => p.UserId == userId).ToDictionaryAsync(p => p.Kind, ct);
        return new(NotificationKinds.All.Select(k => rows.GetValueOrDefault(k) ?? NotificationKinds.Default(userId, k))
            .Select(p => new PreferenceView(p.Kind, p.InApp, p.ByEmail)).ToList());
    }

    /// <summary>Changes the kinds named (a field left out keeps its value); an unknown kind refuses the whole change, naming it.</summary>
    public static async Task<PreferencesView> SaveAsync(OtdelDb db, long userId, PreferencesInput input, CancellationToken ct)
    {
        var kinds = input.Kinds ?? throw new InvalidValueException("kinds", "Error.Required");
        for (var i = 0; i < kinds.Count; i++)
            if (kinds[i]?.Kind is not { } k || !NotificationKinds.All.Contains(k))
                throw new InvalidValueException($"kinds[{i}].kind", "Notifications.Preferences.UnknownKind", string.Join(", ", NotificationKinds.All));
        var rows = await db.Set<NotificationPreference>().Where(p => p.UserId == userId).ToDictionaryAsync(p => p.Kind, ct);
        foreach (var change in kinds)
        {
            if (!rows.TryGetValue(change.Kind!, out var row))
            {
                row = NotificationKinds.Default(userId, change.Kind!);
                db.Add(row);
                rows[row.Kind] = row;
            }
            row.InApp = change.InApp ?? row.InApp;
            row.ByEmail = change.Email ?? row.ByEmail;
        }
        await db.SaveChangesAsync(ct);
        return await ReadAsync(db, userId, ct);
    }
}
