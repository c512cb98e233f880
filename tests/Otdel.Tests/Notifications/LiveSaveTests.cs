using Microsoft.Extensions.DependencyInjection;
using Otdel.Data;
using Otdel.Features.Notifications;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Notifications;

/// <summary>
/// A notification reaches open pages only once the change that raised it has committed, on both engines (decision 0010):
/// saved inside a caller's transaction it waits for that commit; rolled back, it is never pushed.
/// </summary>
public abstract class LiveSaveTests(TestApp app)
{
    [Fact]
    public async Task A_notification_inside_a_transaction_is_pushed_on_commit_and_never_after_a_rollback()
    {
        var dep = await app.NewDepartmentAsync();
        var seller = await dep.AddPersonAsync("closer");
        await using var stream = await LiveStream.OpenAsync(app.Client(seller.Token));
        await using (var scope = app.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OtdelDb>();
            var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();
            await using (var tx = await db.Database.BeginTransactionAsync())
            {
                notifier.Notify(seller.Id, "automation", "Отменённое напоминание");
                await db.SaveChangesAsync();
                await tx.RollbackAsync();
            }
            db.ChangeTracker.Clear();
            await using (var tx = await db.Database.BeginTransactionAsync())
            {
                notifier.Notify(seller.Id, "automation", "Напоминание после коммита");
                await db.SaveChangesAsync();
                await tx.CommitAsync();
            }
        }
        Assert.Contains("Напоминание после коммита", await stream.NextAsync("notification"));
        Assert.DoesNotContain("Отменённое", string.Join("\n", stream.All));
    }
}

[Collection("sqlite")]
public sealed class LiveSaveTests_Sqlite(SqliteApp app) : LiveSaveTests(app);

[Collection("postgres")]
public sealed class LiveSaveTests_Postgres(PostgresApp app) : LiveSaveTests(app);
