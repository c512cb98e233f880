using System.Text;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;

namespace Otdel.Features.Automation;

/// <summary>
/// Sends queued webhook calls (POST, JSON) with a timeout (Otdel:Automation:WebhookTimeoutSeconds, default 10). A call is
/// taken by pushing its next attempt into the future in one conditional update, so with several instances it goes out
/// once; a timeout or a non-2xx answer waits 1, 2, 4… minutes, up to <see cref="MaxAttempts"/>; the firing's log line
/// says how it ended.
/// </summary>
public sealed class WebhookSender(IServiceScopeFactory scopes, IHttpClientFactory http, IConfiguration config, TimeProvider clock, ILogger<WebhookSender> log)
{
    public const int MaxAttempts = 6;
    public const string Client = "automation-webhooks";
    static readonly TimeSpan Claim = TimeSpan.FromMinutes(5);

    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OtdelDb>();
        var hooks = db.Set<AutomationWebhook>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await hooks.AsNoTracking().Where(h => h.SentAt == null && h.FailedAt == null && h.NextAttemptAt <= now)
            .OrderBy(h => h.NextAttemptAt).Take(20).ToListAsync(ct);
        var sent = 0;
        var timeout = TimeSpan.FromSeconds(Math.Max(1, config.GetValue("Otdel:Automation:WebhookTimeoutSeconds", 10.0)));
        foreach (var h in due)
        {
            var taken = await hooks.Where(x => x.Id == h.Id && x.NextAttemptAt == h.NextAttemptAt && x.SentAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.NextAttemptAt, now + Claim), ct);
            if (taken == 0) continue;
            var attempts = h.Attempts + 1;
            string? error;
            try
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                cts.CancelAfter(timeout);
                using var content = new StringContent(h.Body, Encoding.UTF8, "application/json");
                using var answer = await http.CreateClient(Client).PostAsync(h.Url, content, cts.Token);
                error = answer.IsSuccessStatusCode ? null : $"HTTP {(int)answer.StatusCode}";
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                error = $"timeout after {timeout.TotalSeconds:0} s";
            }
            catch (HttpRequestException e)
            {
                error = e.Message;
            }
            var at = clock.GetUtcNow().UtcDateTime;
            // The call's state and the firing's log line change together.
            await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
            if (error is null)
            {
                await hooks.Where(x => x.Id == h.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.SentAt, at).SetProperty(x => x.Attempts, attempts), CancellationToken.None);
                await NoteAsync(db, h.FiringId, $"webhook sent (attempt {attempts})");
                await tx.CommitAsync(CancellationToken.None);
                sent++;
                continue;
            }
            error = error.Length > 1000 ? error[..1000] : error;
            DateTime? failed = attempts >= MaxAttempts ? at : null;
            var next = at + TimeSpan.FromMinutes(Math.Pow(2, attempts - 1));
            await hooks.Where(x => x.Id == h.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Attempts, attempts).SetProperty(x => x.LastError, error)
                .SetProperty(x => x.NextAttemptAt, next).SetProperty(x => x.FailedAt, failed), CancellationToken.None);
            if (failed is not null) await NoteAsync(db, h.FiringId, $"webhook failed after {attempts} attempts: {error}", AutomationFiring.Failed);
            await tx.CommitAsync(CancellationToken.None);
            log.LogWarning("Webhook {Id} to {Url} failed (attempt {Attempt}): {Error}", h.Id, h.Url, attempts, error);
        }
        return sent;
    }

    static async Task NoteAsync(OtdelDb db, long firingId, string note, string? status = null)
    {
        var firing = await db.Set<AutomationFiring>().FirstOrDefaultAsync(f => f.Id == firingId);
        if (firing is null) return;
        var text = string.IsNullOrEmpty(firing.Result) ? note : firing.Result + "; " + note;
        firing.Result = text.Length > 2000 ? text[..2000] : text;
        if (status is not null) firing.Status = status;
        await db.SaveChangesAsync();
    }
}
