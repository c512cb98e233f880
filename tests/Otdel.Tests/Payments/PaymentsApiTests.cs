using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Otdel.Features.Deals;
using Otdel.Features.Payments;
using Otdel.Features.Plans;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Payments;

/// <summary>
/// Payments on a deal through /api/v1 on both engines: partial payments add up to the deal's amount, a cancelled one
/// stays listed and counts nowhere, bad amounts and days are refused by field (ru and en) with nothing written, a lost
/// deal takes none, access follows the deal; and a money-received plan's facts are the payments summed here per seller
/// and day from what the test recorded.
/// </summary>
public abstract class PaymentsApiTests(TestApp app)
{
    static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(app.Clock.GetUtcNow().UtcDateTime, Moscow));

    static Task<HttpResponseMessage> PayAsync(HttpClient c, long dealId, decimal? amount, DateOnly? receivedOn = null, string? reference = null,
        string? note = null) =>
        c.PostAsJsonAsync($"/api/v1/deals/{dealId}/payments", new { amount, receivedOn, reference, note });

    [Fact]
    public async Task Partial_payments_add_up_and_a_cancelled_one_counts_nowhere()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("closer");
        var sellerClient = app.Client(seller.Token);
        var p = await head.NewPipelineAsync("simple");
        var deal = await sellerClient.NewDealAsync(p, "Станки " + dep.Tag, amount: 300_000.50m);

        var first = await Expect<PaymentView>(await PayAsync(sellerClient, deal.Id, 100_000m, Today.AddDays(-3), " 117 ", "Предоплата"),
            HttpStatusCode.Created);
        Assert.Equal(("117", "Предоплата", "RUB", Today.AddDays(-3), seller.Id),
            (first.Reference, first.Note, first.Currency, first.ReceivedOn, first.RecordedById));
        // No day given: today, in the recorder's zone.
        var second = await Expect<PaymentView>(await PayAsync(head, deal.Id, 150_000.25m), HttpStatusCode.Created);
        Assert.Equal(Today, second.ReceivedOn);

        var list = await sellerClient.GetJson<DealPaymentsView>($"/api/v1/deals/{deal.Id}/payments");
        Assert.Equal((250_000.25m, 50_000.25m, true, 2), (list.Paid, list.Remaining, list.CanRecord, list.Items.Count));

        // More than is left (a typo's extra zero) is refused, naming what is left.
        var over = await Problem(await PayAsync(sellerClient, deal.Id, 500_002.5m), HttpStatusCode.BadRequest);
        Assert.Contains("осталось оплатить", over.GetProperty("errors").GetProperty("amount")[0].GetString());
        Assert.Contains("50 000,25", over.GetProperty("errors").GetProperty("amount")[0].GetString()!.Replace('\u00A0', ' '));

        // Cancelled: still listed, struck out; the rest may now be paid; cancelling twice is once.
        var cancelled = await Expect<PaymentView>(await sellerClient.DeleteAsync($"/api/v1/deals/{deal.Id}/payments/{first.Id}"), HttpStatusCode.OK);
        Assert.True(cancelled.Cancelled);
        Assert.Equal(seller.Id, cancelled.CancelledById);
        var again = await Expect<PaymentView>(await head.DeleteAsync($"/api/v1/deals/{deal.Id}/payments/{first.Id}"), HttpStatusCode.OK);
        Assert.Equal(cancelled.CancelledAt!.Value, again.CancelledAt!.Value, TimeSpan.FromMilliseconds(1)); // PostgreSQL keeps microseconds
        await Expect<PaymentView>(await PayAsync(sellerClient, deal.Id, 150_000.25m), HttpStatusCode.Created);
        list = await sellerClient.GetJson<DealPaymentsView>($"/api/v1/deals/{deal.Id}/payments");
        Assert.Equal((300_000.50m, 0m, 3), (list.Paid, list.Remaining, list.Items.Count));
        var full = await Problem(await PayAsync(sellerClient, deal.Id, 0.01m), HttpStatusCode.BadRequest);
        Assert.Contains("оплачена полностью", full.GetProperty("errors").GetProperty("amount")[0].GetString());

        // The record's history keeps who recorded and who cancelled it.
        await using var db = app.OpenDb();
        var kept = await db.Set<Payment>().AsNoTracking().Where(x => x.DealId == deal.Id).OrderBy(x => x.Id).ToListAsync();
        Assert.Equal([100_000m, 150_000.25m, 150_000.25m], kept.Select(x => x.Amount));
        Assert.Equal([true, false, false], kept.Select(x => x.CancelledAt is not null));
        Assert.True(await db.Audit.CountAsync(a => a.Entity == "payment" && a.EntityId == first.Id) >= 2);
    }

    [Fact]
    public async Task Bad_payments_are_refused_by_field_and_nothing_is_written()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync("simple");
        var deal = await head.NewDealAsync(p, "Проверка " + dep.Tag, amount: 10_000m);

        var bad = await Problem(await head.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/payments",
            new { amount = 0, receivedOn = Today.AddDays(1), reference = new string('7', 51), note = "a\u0001b" }), HttpStatusCode.BadRequest);
        var e = bad.GetProperty("errors");
        Assert.Contains("больше нуля", e.GetProperty("amount")[0].GetString());
        Assert.Contains("позже сегодняшней", e.GetProperty("receivedOn")[0].GetString());
        Assert.True(e.TryGetProperty("reference", out _));
        Assert.True(e.TryGetProperty("note", out _));
        var missing = await Problem(await head.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/payments", new { note = "нет суммы" }),
            HttpStatusCode.BadRequest);
        Assert.Equal(["amount"], missing.ErrorFields());
        var scale = await Problem(await PayAsync(app.Client(dep.HeadToken, "en"), deal.Id, 10.001m), HttpStatusCode.BadRequest);
        Assert.Contains("decimal", scale.GetProperty("errors").GetProperty("amount")[0].GetString());
        var negative = await Problem(await PayAsync(app.Client(dep.HeadToken, "en"), deal.Id, -5m), HttpStatusCode.BadRequest);
        Assert.Contains("above zero", negative.GetProperty("errors").GetProperty("amount")[0].GetString());
        var ancient = await Problem(await PayAsync(head, deal.Id, 5m, new DateOnly(1850, 1, 1)), HttpStatusCode.BadRequest);
        Assert.Equal(["receivedOn"], ancient.ErrorFields());

        // A lost deal takes no payment.
        await using (var db = app.OpenDb())
            await db.Deals.Where(d => d.Id == deal.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DealStatus.Lost));
        var lost = await Problem(await PayAsync(head, deal.Id, 5m), HttpStatusCode.BadRequest);
        Assert.Contains("проиграна", lost.GetProperty("errors").GetProperty("dealId")[0].GetString());
        Assert.False((await head.GetJson<DealPaymentsView>($"/api/v1/deals/{deal.Id}/payments")).CanRecord);

        await using var check = app.OpenDb();
        Assert.Equal(0, await check.Set<Payment>().CountAsync(x => x.DealId == deal.Id));
    }

    [Fact]
    public async Task Payments_follow_the_deal_s_access()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var owner = await dep.AddPersonAsync("closer");
        var colleague = await dep.AddPersonAsync("closer");
        var other = await app.NewDepartmentAsync();
        var p = await head.NewPipelineAsync("simple");
        var deal = await app.Client(owner.Token).NewDealAsync(p, "Чужая " + dep.Tag, amount: 1_000m);
        var paid = await Expect<PaymentView>(await PayAsync(app.Client(owner.Token), deal.Id, 100m), HttpStatusCode.Created);

        foreach (var outsider in new[] { app.Client(colleague.Token), app.Client(other.HeadToken) })
        {
            await Problem(await outsider.GetAsync($"/api/v1/deals/{deal.Id}/payments"), HttpStatusCode.NotFound);
            await Problem(await PayAsync(outsider, deal.Id, 1m), HttpStatusCode.NotFound);
            await Problem(await outsider.DeleteAsync($"/api/v1/deals/{deal.Id}/payments/{paid.Id}"), HttpStatusCode.NotFound);
        }
        // A payment id of another deal is no payment of this one.
        var second = await head.NewDealAsync(p, "Вторая " + dep.Tag, amount: 1_000m);
        await Problem(await head.DeleteAsync($"/api/v1/deals/{second.Id}/payments/{paid.Id}"), HttpStatusCode.NotFound);
        Assert.Single((await head.GetJson<DealPaymentsView>($"/api/v1/deals/{deal.Id}/payments")).Items, i => !i.Cancelled);
    }

    [Fact]
    public async Task A_money_received_plan_counts_the_payments_each_seller_s_deals_received_per_day()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var team = (await Expect<JsonElement>(await head.PostAsJsonAsync("/api/v1/teams", new { name = "Команда " + dep.Tag, departmentId = dep.Id }),
            HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var sellers = new List<long>();
        for (var i = 0; i < 3; i++) sellers.Add((await dep.AddPersonAsync("closer", team)).Id);
        var outsider = (await dep.AddPersonAsync("closer")).Id;
        var p = await head.NewPipelineAsync("simple");
        var deals = new Dictionary<long, DealView>();
        foreach (var s in sellers.Append(outsider))
            deals[s] = await head.NewDealAsync(p, "Оплаты " + s, amount: 1_000_000m, ownerId: s);

        // Payments in March 2025 (and one in February), one cancelled, one of a seller outside the team.
        var rnd = new Random(7);
        var recorded = new List<(long Seller, DateOnly On, decimal Amount, bool Cancel)>();
        for (var n = 0; n < 20; n++)
            recorded.Add((sellers[rnd.Next(3)], new DateOnly(2025, 3, rnd.Next(1, 32)), 100m * rnd.Next(1, 500) + 0.01m * rnd.Next(0, 100), false));
        recorded.Add((sellers[0], new DateOnly(2025, 2, 28), 777m, false));
        recorded.Add((sellers[1], new DateOnly(2025, 3, 5), 5_000m, true));
        recorded.Add((outsider, new DateOnly(2025, 3, 5), 9_999m, false));
        foreach (var r in recorded)
        {
            var made = await Expect<PaymentView>(await PayAsync(head, deals[r.Seller].Id, r.Amount, r.On), HttpStatusCode.Created);
            if (r.Cancel) await Expect<PaymentView>(await head.DeleteAsync($"/api/v1/deals/{deals[r.Seller].Id}/payments/{made.Id}"), HttpStatusCode.OK);
        }

        var plan = await Expect<JsonElement>(await head.PostAsJsonAsync("/api/v1/plans", new
        {
            period = "2025-03", level = "team", targetId = team, metric = "moneyReceived", amount = 3_000_000m, distribution = "even", reason = "Деньги",
        }), HttpStatusCode.Created);
        var rows = await Expect<List<PlanDayRow>>(await head.GetAsync($"/api/v1/plans/{plan.GetProperty("id").GetInt64()}/days?policy=carryNext"),
            HttpStatusCode.OK);
        var march = recorded.Where(r => !r.Cancel && r.On.Month == 3 && sellers.Contains(r.Seller)).ToList();
        // A day off's money counts on the next working day, as every fact of a plan does: compare per seller over the month.
        foreach (var s in sellers)
            Assert.Equal(march.Where(r => r.Seller == s).Sum(r => r.Amount), rows.Where(r => r.UserId == s).Sum(r => r.Fact ?? 0));
        var report = await head.GetJson<PlanFactView>($"/api/v1/reports/plan-fact?period=2025-03&level=team&targetId={team}&metric=moneyReceived");
        Assert.True(report.FactRecorded);
        Assert.Equal(march.Sum(r => r.Amount), report.Total!.Fact);
        foreach (var s in sellers)
            Assert.Equal(march.Where(r => r.Seller == s).Sum(r => r.Amount), report.Sellers.Single(l => l.UserId == s).Fact);
    }
}

[Collection("sqlite")]
public sealed class PaymentsApiTests_Sqlite(SqliteApp app) : PaymentsApiTests(app);

[Collection("postgres")]
public sealed class PaymentsApiTests_Postgres(PostgresApp app) : PaymentsApiTests(app);
