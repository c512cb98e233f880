using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Features.Notifications;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Notifications;

/// <summary>
/// Which notifications a person receives (issue 11 item 7), on both engines: every kind in the app and none by e-mail
/// unless the person chose otherwise; a kind switched off is neither stored nor pushed; a kind wanted by e-mail arrives
/// at the real test SMTP server; an unknown kind is refused by its field, in Russian and in English.
/// </summary>
public abstract class NotificationPreferencesTests(TestApp app)
{
    [Fact]
    public async Task Defaults_are_every_kind_in_the_app_and_none_by_email_and_a_change_keeps_the_rest()
    {
        var dep = await app.NewDepartmentAsync();
        var seller = await dep.AddPersonAsync("closer");
        var api = app.Client(seller.Token);
        var mine = await api.GetJson<PreferencesView>("/api/v1/notifications/preferences");
        Assert.Equal(NotificationKinds.All, mine.Kinds.Select(k => k.Kind));
        Assert.All(mine.Kinds, k => Assert.True(k.InApp && !k.Email));

        var changed = await Expect<PreferencesView>(await api.PutAsJsonAsync("/api/v1/notifications/preferences",
            new { kinds = new object[] { new { kind = "birthday", inApp = false }, new { kind = "overdue", email = true } } }), HttpStatusCode.OK);
        Assert.Equal(new PreferenceView("birthday", false, false), changed.Kinds.Single(k => k.Kind == "birthday"));
        Assert.Equal(new PreferenceView("overdue", true, true), changed.Kinds.Single(k => k.Kind == "overdue"));
        Assert.Equal(new PreferenceView("handoff", true, false), changed.Kinds.Single(k => k.Kind == "handoff"));
        // Another person's choices are their own.
        var head = await app.Client(dep.HeadToken).GetJson<PreferencesView>("/api/v1/notifications/preferences");
        Assert.All(head.Kinds, k => Assert.True(k.InApp && !k.Email));
    }

    [Fact]
    public async Task A_kind_switched_off_is_neither_stored_nor_pushed()
    {
        var dep = await app.NewDepartmentAsync();
        var hunter = await dep.AddPersonAsync("hunter");
        var closer = await dep.AddPersonAsync("closer");
        var head = app.Client(dep.HeadToken);
        var closerApi = app.Client(closer.Token);
        var p = await head.NewPipelineAsync("b2b");
        await Expect<PreferencesView>(await closerApi.PutAsJsonAsync("/api/v1/notifications/preferences",
            new { kinds = new[] { new { kind = "handoff", inApp = false } } }), HttpStatusCode.OK);
        await using var stream = await LiveStream.OpenAsync(app.Client(closer.Token));

        var deal = await head.NewDealAsync(p, "Без уведомления " + dep.Tag, p.Stage("Развитие лидов").Id, ownerId: hunter.Id);
        var moved = await Expect<DealView>(await head.MoveAsync(deal, p.Stage("Квалификация").Id, overrideReason: "Клиент готов"), HttpStatusCode.OK);
        Assert.Equal(closer.Id, moved.OwnerId);
        // A kind still on, after it: the first thing the closer's page hears is this one, so the handoff was never pushed.
        await using (var scope = app.App.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<Notifier>().Notify(closer.Id, "birthday", "Метка после передачи " + dep.Tag);
            await scope.ServiceProvider.GetRequiredService<OtdelDb>().SaveChangesAsync();
        }
        Assert.Contains("Метка после передачи", await stream.NextAsync("notification"));
        await using var db = app.OpenDb();
        Assert.Equal(["birthday"], await db.Notifications.Where(n => n.UserId == closer.Id).Select(n => n.Kind).ToListAsync());
        Assert.Empty(TestSmtp.To(closer.Email));
    }

    [Fact]
    public async Task A_kind_wanted_by_email_arrives_at_the_mail_server_as_well()
    {
        var dep = await app.NewDepartmentAsync();
        var hunter = await dep.AddPersonAsync("hunter");
        var closer = await dep.AddPersonAsync("closer");
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync("b2b");
        await Expect<PreferencesView>(await app.Client(closer.Token).PutAsJsonAsync("/api/v1/notifications/preferences",
            new { kinds = new[] { new { kind = "handoff", email = true } } }), HttpStatusCode.OK);

        var deal = await head.NewDealAsync(p, "Письмо о передаче " + dep.Tag, p.Stage("Развитие лидов").Id, ownerId: hunter.Id);
        await Expect<DealView>(await head.MoveAsync(deal, p.Stage("Квалификация").Id, overrideReason: "Клиент готов"), HttpStatusCode.OK);

        var mail = await TestSmtp.WaitForAsync(closer.Email);
        Assert.Equal("Отдел: Передача сделки", mail.Subject);
        Assert.Contains("Письмо о передаче " + dep.Tag, mail.TextBody);
        Assert.Contains($"/deals/{deal.Id}", mail.TextBody);
        Assert.Contains("/notifications", mail.TextBody);
        await using var db = app.OpenDb();
        Assert.Equal(["handoff"], await db.Notifications.Where(n => n.UserId == closer.Id).Select(n => n.Kind).ToListAsync());
        // The hunter chose nothing: no mail.
        Assert.Empty(TestSmtp.To(hunter.Email));
    }

    [Theory]
    [InlineData("ru", "Неизвестный вид уведомления")]
    [InlineData("en", "Unknown kind of notification")]
    public async Task An_unknown_kind_is_refused_by_its_field_and_nothing_changes(string language, string said)
    {
        var dep = await app.NewDepartmentAsync();
        var seller = await dep.AddPersonAsync("closer");
        var api = app.Client(seller.Token, language);
        var problem = await Problem(await api.PutAsJsonAsync("/api/v1/notifications/preferences",
            new { kinds = new[] { new { kind = "handoff", inApp = false }, new { kind = "weather", inApp = false } } }), HttpStatusCode.BadRequest);
        Assert.Equal(["kinds[1].kind"], problem.ErrorFields());
        Assert.Contains(said, problem.GetProperty("errors").GetProperty("kinds[1].kind")[0].GetString());
        var mine = await api.GetJson<PreferencesView>("/api/v1/notifications/preferences");
        Assert.All(mine.Kinds, k => Assert.True(k.InApp));
    }
}

[Collection("sqlite")]
public sealed class NotificationPreferencesTests_Sqlite(SqliteApp app) : NotificationPreferencesTests(app);

[Collection("postgres")]
public sealed class NotificationPreferencesTests_Postgres(PostgresApp app) : NotificationPreferencesTests(app);
