using Otdel.Data;

namespace Otdel.Platform.Mail;

/// <summary>Queues plain-text e-mails in the caller's unit of work: they go out only if the change that caused them is saved.</summary>
public sealed class Mailer(OtdelDb db)
{
    public void Queue(string to, string subject, string body) =>
        db.Set<OutboxEmail>().Add(new OutboxEmail { To = to, Subject = subject, Body = body, CreatedAt = db.UtcNow, NextAttemptAt = db.UtcNow });
}
