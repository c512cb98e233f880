using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Otdel.Data;

namespace Otdel.Platform.Mail;

/// <summary>
/// Sends queued e-mails through the configured SMTP server (Otdel:Smtp:Host, Port, User, Password, From, Security =
/// none | starttls | ssl | auto) every few seconds (Otdel:Smtp:IntervalSeconds, default 5). Each message is taken by
/// pushing its next attempt into the future in one conditional update, so with several instances on one database it
/// is sent once; a failure waits 1, 2, 4… minutes, up to 8 attempts. Without a host nothing is sent and the queue keeps.
/// </summary>
public sealed class MailSender(IServiceScopeFactory scopes, IConfiguration config, TimeProvider clock, ILogger<MailSender> log) : BackgroundService
{
    public const int MaxAttempts = 8;
    static readonly TimeSpan Claim = TimeSpan.FromMinutes(5);

    string? Host => config["Otdel:Smtp:Host"] is { Length: > 0 } h ? h : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Host is null)
        {
            log.LogWarning("No SMTP server configured (Otdel:Smtp:Host): e-mails stay queued");
            return;
        }
        var seconds = Math.Max(1, config.GetValue("Otdel:Smtp:IntervalSeconds", 5));
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        try
        {
            do
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "Sending queued e-mails failed");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass: sends every message that is due; returns how many went out.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OtdelDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Set<OutboxEmail>().AsNoTracking()
            .Where(m => m.SentAt == null && m.FailedAt == null && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt).Take(50).ToListAsync(ct);
        if (due.Count == 0) return 0;
        using var smtp = new SmtpClient { Timeout = 30_000 };
        var sent = 0;
        foreach (var message in due)
        {
            // Taken by this instance only if nobody moved it since it was read.
            var until = now + Claim;
            var taken = await db.Set<OutboxEmail>().Where(m => m.Id == message.Id && m.NextAttemptAt == message.NextAttemptAt && m.SentAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, until), ct);
            if (taken == 0) continue;
            try
            {
                if (!smtp.IsConnected) await ConnectAsync(smtp, ct);
                await smtp.SendAsync(Compose(message), ct);
                await db.Set<OutboxEmail>().Where(m => m.Id == message.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, clock.GetUtcNow().UtcDateTime).SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
                sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var attempts = message.Attempts + 1;
                var error = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
                DateTime? failed = attempts >= MaxAttempts ? clock.GetUtcNow().UtcDateTime : null;
                var next = clock.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(Math.Pow(2, attempts - 1));
                await db.Set<OutboxEmail>().Where(m => m.Id == message.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Attempts, attempts).SetProperty(m => m.LastError, error)
                    .SetProperty(m => m.NextAttemptAt, next).SetProperty(m => m.FailedAt, failed), CancellationToken.None);
                log.LogWarning("E-mail {Id} to {To} not sent (attempt {Attempt}): {Error}", message.Id, message.To, attempts, error);
                if (smtp.IsConnected) await smtp.DisconnectAsync(true, CancellationToken.None);
            }
        }
        if (smtp.IsConnected) await smtp.DisconnectAsync(true, ct);
        return sent;
    }

    async Task ConnectAsync(SmtpClient smtp, CancellationToken ct)
    {
        var security = config["Otdel:Smtp:Security"]?.ToLowerInvariant() switch
        {
            "none" => SecureSocketOptions.None,
            "starttls" => SecureSocketOptions.StartTls,
            "ssl" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.Auto,
        };
        await smtp.ConnectAsync(Host!, config.GetValue("Otdel:Smtp:Port", 25), security, ct);
        if (config["Otdel:Smtp:User"] is { Length: > 0 } user) await smtp.AuthenticateAsync(user, config["Otdel:Smtp:Password"] ?? "", ct);
    }

    MimeMessage Compose(OutboxEmail m)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(config["Otdel:Smtp:From"] is { Length: > 0 } from ? from : "otdel@localhost"));
        message.To.Add(MailboxAddress.Parse(m.To));
        message.Subject = m.Subject;
        message.Body = new TextPart("plain") { Text = m.Body };
        return message;
    }
}
