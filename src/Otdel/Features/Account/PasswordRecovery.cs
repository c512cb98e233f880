using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Features.Organisation;
using Otdel.Platform;
using Otdel.Platform.Mail;
using Otdel.Resources;

namespace Otdel.Features.Account;

/// <summary>
/// "Forgot the password": a one-time link by e-mail, good for an hour; setting a new password through it ends the
/// person's sessions everywhere. The answer to a request never tells whether the address is known.
/// </summary>
public sealed class PasswordRecovery(OtdelDb db, Mailer mailer, IStringLocalizer<Text> t)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    /// <summary>Links a person may ask for in an hour: more would let anyone flood a colleague's mailbox.</summary>
    const int PerHour = 3;

    /// <summary>Queues the link for an active person with that e-mail; does nothing otherwise (the caller says the same either way).</summary>
    public async Task RequestAsync(string? email, string siteUrl, CancellationToken ct)
    {
        var key = email?.Trim().ToLowerInvariant() ?? "";
        if (key.Length is 0 or > 254) return;
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.EmailKey == key && u.IsActive, ct);
        if (user is null) return;
        var now = db.UtcNow;
        if (await db.PasswordResets.CountAsync(r => r.UserId == user.Id && r.CreatedAt > now.AddHours(-1), ct) >= PerHour) return;
        var token = TokenAuthentication.NewToken()[4..];
        db.PasswordResets.Add(new PasswordReset
        {
            UserId = user.Id, TokenHash = TokenAuthentication.Hash(token), CreatedAt = now, ExpiresAt = now + Lifetime,
        });
        var link = $"{siteUrl.TrimEnd('/')}/login/reset?token={Uri.EscapeDataString(token)}";
        mailer.Queue(user.Email, t["Reset.MailSubject"], t["Reset.MailBody", user.FullName, link]);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The person a link is good for now, or null (unknown, used, expired, or the person left).</summary>
    public async Task<PasswordReset?> FindAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100) return null;
        var hash = TokenAuthentication.Hash(token.Trim());
        var now = db.UtcNow;
        return await db.PasswordResets.FirstOrDefaultAsync(r => r.TokenHash == hash && r.UsedAt == null && r.ExpiresAt > now
            && db.Users.Any(u => u.Id == r.UserId && u.IsActive), ct);
    }

    /// <summary>Sets the new password through a good link; the error key for the field otherwise.</summary>
    public async Task<string?> ResetAsync(string? token, string? password, string? repeat, CancellationToken ct)
    {
        var reset = await FindAsync(token, ct);
        if (reset is null) return "Reset.LinkBad";
        if (string.IsNullOrEmpty(password)) return "Error.Required";
        if (password.Length < SaveUser.MinPasswordLength) return "Error.PasswordShort";
        if (password != repeat) return "Reset.Mismatch";
        var user = await db.Users.FirstAsync(u => u.Id == reset.UserId, ct);
        user.PasswordHash = SaveUser.HashPassword(user, password);
        user.SecurityStamp = User.NewStamp(); // every session, on every device, ends
        reset.UsedAt = db.UtcNow;
        // Other links sent before stop working too.
        await db.PasswordResets.Where(r => r.UserId == user.Id && r.UsedAt == null && r.Id != reset.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.UsedAt, reset.UsedAt), ct);
        await db.SaveChangesAsync(ct);
        return null;
    }
}
