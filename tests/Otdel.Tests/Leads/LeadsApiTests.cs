using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Otdel.Features.Clients;
using Otdel.Features.Deals;
using Otdel.Features.Leads;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Leads;

/// <summary>Leads, channels and the public web form through the API, on SQLite and on PostgreSQL.</summary>
public abstract class LeadsApiTests(TestApp app)
{
    static string Phone7() => Random.Shared.Next(1_000_000, 9_999_999).ToString();

    static async Task<ChannelView> NewChannelAsync(HttpClient head, string name, string kind = "web_form") =>
        await Expect<ChannelView>(await head.PostAsJsonAsync("/api/v1/channels", new { name, kind }), HttpStatusCode.Created);

    static async Task<LeadView> NewLeadAsync(HttpClient c, object body) =>
        await Expect<LeadView>(await c.PostAsJsonAsync("/api/v1/leads", body), HttpStatusCode.Created);

    async Task<List<LeadView>> LeadsOfChannelAsync(HttpClient c, long channelId) =>
        (await c.GetJson<LeadPage>($"/api/v1/leads?channelId={channelId}&limit=500")).Items.ToList();

    [Fact]
    public async Task A_web_form_takes_form_encoded_and_JSON_posts_anonymously_and_keeps_unknown_fields()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var channel = await NewChannelAsync(head, "Сайт " + dep.Tag);
        await Expect<ChannelView>(await head.PostAsJsonAsync($"/api/v1/channels/{channel.Id}/campaigns",
            new { name = "Весна " + dep.Tag, utmSource = "yandex", utmMedium = "cpc", utmCampaign = "spring-" + dep.Tag }), HttpStatusCode.OK);
        var anonymous = app.Client();
        var seven = Phone7();
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = "Анна Формова", ["phone"] = $"8 (916) {seven}", ["company"] = "ООО «Форма»", ["utm_source"] = "yandex",
            ["utm_campaign"] = "spring-" + dep.Tag, ["city"] = "Тверь",
        });
        var taken = await anonymous.PostAsync($"/api/v1/forms/{channel.FormKey}", form);
        Assert.Equal(HttpStatusCode.Accepted, taken.StatusCode);
        Assert.Equal("{\"received\":true}", await taken.Content.ReadAsStringAsync());
        var json = await anonymous.PostAsJsonAsync($"/api/v1/forms/{channel.FormKey}",
            new { name = "Борис Джейсонов", email = $"boris-{dep.Tag}@example.ru", landingPage = "https://example.ru/promo", budget = 500000 });
        Assert.Equal(HttpStatusCode.Accepted, json.StatusCode);

        var leads = await LeadsOfChannelAsync(head, channel.Id);
        var anna = leads.Single(l => l.Name == "Анна Формова");
        Assert.Equal(("ООО «Форма»", "yandex", LeadStatus.New, dep.HeadId, "Сайт " + dep.Tag), (anna.Company, anna.UtmSource, anna.Status,
            anna.OwnerId, anna.Source));
        Assert.Equal("Весна " + dep.Tag, anna.Campaign);
        Assert.NotNull(anna.CampaignId);
        Assert.Contains("Тверь", anna.Extra);
        var boris = leads.Single(l => l.Name == "Борис Джейсонов");
        Assert.Equal(($"boris-{dep.Tag}@example.ru", "https://example.ru/promo"), (boris.Email, boris.LandingPage));
        Assert.Contains("500000", boris.Extra);
        Assert.Null(boris.ResponseMinutes);
    }

    [Fact]
    public async Task A_web_form_refuses_an_unknown_key_a_post_without_contact_and_a_value_of_the_wrong_kind()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var channel = await NewChannelAsync(head, "Форма " + dep.Tag);
        var anonymous = app.Client();
        await Problem(await anonymous.PostAsJsonAsync("/api/v1/forms/no-such-form", new { name = "X", phone = "+7 916 000-00-00" }), HttpStatusCode.NotFound);
        var none = await Problem(await anonymous.PostAsync($"/api/v1/forms/{channel.FormKey}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Без контакта" })), HttpStatusCode.BadRequest);
        Assert.Equal(["phone"], none.ErrorFields());
        Assert.Contains("телефон", none.GetProperty("errors").GetProperty("phone")[0].GetString());
        var typed = await Problem(await anonymous.PostAsJsonAsync($"/api/v1/forms/{channel.FormKey}", new { name = 12, phone = "+7 916 000-00-01" }),
            HttpStatusCode.BadRequest);
        Assert.Equal(["name"], typed.ErrorFields());
        var badMail = await Problem(await anonymous.PostAsJsonAsync($"/api/v1/forms/{channel.FormKey}", new { name = "Вера", email = "не почта" }),
            HttpStatusCode.BadRequest);
        Assert.Equal(["email"], badMail.ErrorFields());
        var broken = await anonymous.PostAsync($"/api/v1/forms/{channel.FormKey}", new StringContent("{\"name\": ", System.Text.Encoding.UTF8,
            "application/json"));
        Assert.Equal(["body"], (await Problem(broken, HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Empty(await LeadsOfChannelAsync(head, channel.Id));
    }

    [Fact]
    public async Task A_lead_like_an_existing_client_or_lead_is_flagged_from_a_form_and_answered_with_the_match_through_the_api()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var channel = await NewChannelAsync(head, "Сайт " + dep.Tag);
        var seven = Phone7();
        var client = await Expect<ClientView>(await head.PostAsJsonAsync("/api/v1/clients",
            new { name = "ООО «Старый клиент " + dep.Tag + "»", phone = $"+7 916 {seven}", allowDuplicate = true }), HttpStatusCode.Created);
        var anonymous = app.Client();
        var form = new Dictionary<string, string> { ["name"] = "Снова звонит", ["phone"] = $"8-916-{seven[..3]}-{seven[3..]}" };
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsync($"/api/v1/forms/{channel.FormKey}", new FormUrlEncodedContent(form))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsync($"/api/v1/forms/{channel.FormKey}", new FormUrlEncodedContent(form))).StatusCode);
        var leads = (await LeadsOfChannelAsync(head, channel.Id)).OrderBy(l => l.Id).ToList();
        Assert.Equal(2, leads.Count);
        Assert.All(leads, l => Assert.Equal(client.Id, l.DuplicateOfClientId));
        Assert.Null(leads[0].DuplicateOfLeadId);
        Assert.Equal(leads[0].Id, leads[1].DuplicateOfLeadId);

        var conflict = await Problem(await head.PostAsJsonAsync("/api/v1/leads", new { name = "Ещё раз", phone = $"916{seven}" }), HttpStatusCode.Conflict);
        var matches = conflict.GetProperty("duplicateOf").EnumerateArray().Select(m => (m.GetProperty("kind").GetString(),
            m.GetProperty("id").GetInt64())).ToList();
        Assert.Contains(("client", client.Id), matches);
        Assert.Contains(("lead", leads[0].Id), matches);
        var forced = await NewLeadAsync(head, new { name = "Ещё раз", phone = $"916{seven}", allowDuplicate = true });
        Assert.Equal((client.Id, leads[0].Id), (forced.DuplicateOfClientId, forced.DuplicateOfLeadId));
    }

    [Fact]
    public async Task Form_posts_from_one_address_are_limited_per_minute_with_a_localised_429()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var channel = await NewChannelAsync(head, "Сайт " + dep.Tag);
        var limit = app.App.Services.GetRequiredService<FormLimit>();
        var was = limit.PerMinute;
        var answers = new List<HttpStatusCode>();
        try
        {
            limit.PerMinute = 3;
            for (var i = 0; i < 4; i++)
            {
                var res = await app.Client().PostAsJsonAsync($"/api/v1/forms/{channel.FormKey}", new { name = "Спам " + i, phone = $"+7 916 {Phone7()}" });
                answers.Add(res.StatusCode);
                if (res.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    var text = await res.Content.ReadAsStringAsync();
                    Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
                    Assert.Contains("запрос", text, StringComparison.OrdinalIgnoreCase);
                }
            }
        }
        finally { limit.PerMinute = was; }
        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(3, (await LeadsOfChannelAsync(head, channel.Id)).Count);
    }

    [Fact]
    public async Task The_response_time_is_the_first_contact_less_the_arrival_and_neither_may_be_impossible()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var now = DateTime.UtcNow;
        var arrived = new DateTime(now.Year, now.Month, now.Day, 0, 0, 0, DateTimeKind.Utc).AddDays(-1).AddHours(9).AddMinutes(5);
        var lead = await NewLeadAsync(head, new { name = "Ответ " + dep.Tag, email = $"r-{dep.Tag}@example.ru", arrivedAt = arrived });
        Assert.Null(lead.ResponseMinutes);
        var contacted = arrived.AddMinutes(47).AddSeconds(30);
        var patched = await Expect<LeadView>(await head.PatchAsJsonAsync($"/api/v1/leads/{lead.Id}", new
        {
            firstContactAt = contacted,
            version = lead.Version
        }), HttpStatusCode.OK);
        Assert.Equal(47, patched.ResponseMinutes);
        Assert.Equal((int)Math.Floor((patched.FirstContactAt!.Value - patched.ArrivedAt).TotalMinutes), patched.ResponseMinutes);
        var before = await Problem(await head.PatchAsJsonAsync($"/api/v1/leads/{lead.Id}", new
        {
            firstContactAt = arrived.AddMinutes(-1),
            version = patched.Version
        }),
            HttpStatusCode.BadRequest);
        Assert.Equal(["firstContactAt"], before.ErrorFields());
        var future = await Problem(await head.PostAsJsonAsync("/api/v1/leads", new
        {
            name = "Будущий", phone = "+7 916 111-22-33",
            arrivedAt = now.AddDays(2)
        }),
            HttpStatusCode.BadRequest);
        Assert.Equal(["arrivedAt"], future.ErrorFields());
        var stale = await Problem(await head.PatchAsJsonAsync($"/api/v1/leads/{lead.Id}", new { comment = "поздно", version = lead.Version }),
            HttpStatusCode.Conflict);
        Assert.NotNull(stale.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Qualification_goes_forward_a_disqualification_needs_a_reason_and_converting_opens_a_deal_linked_to_the_lead()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var hunter = await dep.AddPersonAsync("hunter");
        var channel = await NewChannelAsync(head, "Выставка " + dep.Tag, "exhibition");
        var lead = await NewLeadAsync(app.Client(hunter.Token), new
        {
            name = "Ирина Лидова", company = "АО «Конверт " + dep.Tag + "»", phone = $"+7 925 {Phone7()}", source = "выставка " + dep.Tag,
        });
        Assert.Equal((channel.Id, hunter.Id, LeadStatus.New), (lead.ChannelId, lead.OwnerId, lead.Status));
        async Task<HttpResponseMessage> Status(LeadView l, string status, string? reason = null) =>
            await head.PostAsJsonAsync($"/api/v1/leads/{l.Id}/status", new { status, reason, version = l.Version });
        var sql = await Expect<LeadView>(await Status(lead, "sql"), HttpStatusCode.OK);
        Assert.Equal(["status"], (await Problem(await Status(sql, "mql"), HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["reason"], (await Problem(await Status(sql, "disqualified"), HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["status"], (await Problem(await Status(sql, "converted"), HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["status"], (await Problem(await Status(sql, "maybe"), HttpStatusCode.BadRequest)).ErrorFields());
        var out1 = await Expect<LeadView>(await Status(sql, "disqualified", "нет бюджета"), HttpStatusCode.OK);
        Assert.Equal((LeadStatus.Disqualified, "нет бюджета"), (out1.Status, out1.DisqualifyReason));
        Assert.Equal(["status"], (await Problem(await head.PostAsJsonAsync($"/api/v1/leads/{lead.Id}/convert",
            new { pipelineId = 1, version = out1.Version }), HttpStatusCode.BadRequest)).ErrorFields());
        var back = await Expect<LeadView>(await Status(out1, "mql"), HttpStatusCode.OK);
        Assert.Null(back.DisqualifyReason);

        var pipeline = await head.NewPipelineAsync("b2b");
        var deal = await Expect<DealView>(await head.PostAsJsonAsync($"/api/v1/leads/{lead.Id}/convert",
            new { pipelineId = pipeline.Id, amount = 120000, version = back.Version }), HttpStatusCode.Created);
        Assert.Equal(("АО «Конверт " + dep.Tag + "»", pipeline.Id, dep.HeadId, "Выставка " + dep.Tag), (deal.Title, deal.PipelineId, deal.OwnerId,
            deal.Source));
        var converted = await app.Client(hunter.Token).GetJson<LeadView>($"/api/v1/leads/{lead.Id}");
        Assert.Equal((LeadStatus.Converted, deal.Id, deal.ClientId, channel.Id, hunter.Id), (converted.Status, converted.DealId, converted.ClientId,
            converted.ChannelId, converted.OwnerId));
        var company = await head.GetJson<ClientView>($"/api/v1/clients/{deal.ClientId}");
        Assert.Equal(ClientKind.Company, company.Kind);
        var contacts = await head.GetJson<List<ClientView>>($"/api/v1/clients/{company.Id}/contacts");
        Assert.Equal(["Ирина Лидова"], contacts.Select(c => c.Name));
        Assert.Equal(["status"], (await Problem(await head.PostAsJsonAsync($"/api/v1/leads/{lead.Id}/convert",
            new { pipelineId = pipeline.Id, version = converted.Version }), HttpStatusCode.BadRequest)).ErrorFields());
    }

    [Fact]
    public async Task Leads_follow_their_owner_list_with_filters_and_pages_and_are_404_to_outsiders()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var a = await dep.AddPersonAsync("hunter");
        var b = await dep.AddPersonAsync("hunter");
        var channel = await NewChannelAsync(head, "Холодные " + dep.Tag, "cold_call");
        var mine = new List<LeadView>();
        for (var i = 0; i < 5; i++)
            mine.Add(await NewLeadAsync(app.Client(a.Token), new { name = $"Лид {i} {dep.Tag}", phone = $"+7 903 {Phone7()}", channelId = channel.Id }));
        var theirs = await NewLeadAsync(app.Client(b.Token), new { name = $"Чужой {dep.Tag}", phone = $"+7 903 {Phone7()}", channelId = channel.Id });

        var seen = await app.Client(a.Token).GetJson<LeadPage>("/api/v1/leads?limit=500");
        Assert.DoesNotContain(seen.Items, l => l.Id == theirs.Id);
        await Problem(await app.Client(a.Token).GetAsync($"/api/v1/leads/{theirs.Id}"), HttpStatusCode.NotFound);
        var other = await app.NewDepartmentAsync();
        await Problem(await app.Client(other.HeadToken).GetAsync($"/api/v1/leads/{mine[0].Id}"), HttpStatusCode.NotFound);
        await Problem(await app.Client(other.HeadToken).PatchAsJsonAsync($"/api/v1/leads/{mine[0].Id}", new
        {
            name = "x",
            version = mine[0].Version
        }), HttpStatusCode.NotFound);
        var foreign = await Problem(await app.Client(other.HeadToken).PostAsJsonAsync("/api/v1/leads", new
        {
            name = "x", phone = "+7 900 000-11-22",
            channelId = channel.Id
        }),
            HttpStatusCode.BadRequest);
        Assert.Equal(["channelId"], foreign.ErrorFields());

        var pages = new List<long>();
        long? cursor = null;
        do
        {
            var after = cursor is null ? "" : $"&cursor={cursor}";
            var page = await head.GetJson<LeadPage>($"/api/v1/leads?channelId={channel.Id}&ownerId={a.Id}&limit=2" + after);
            pages.AddRange(page.Items.Select(l => l.Id));
            cursor = page.NextCursor;
        } while (cursor is not null);
        Assert.Equal(mine.Select(l => l.Id).OrderDescending(), pages);
        await head.PostAsJsonAsync($"/api/v1/leads/{mine[1].Id}/status", new { status = "mql", version = mine[1].Version });
        var mql = await head.GetJson<LeadPage>($"/api/v1/leads?channelId={channel.Id}&status=mql");
        Assert.Equal([mine[1].Id], mql.Items.Select(l => l.Id));
        var found = await head.GetJson<LeadPage>($"/api/v1/leads?search={Uri.EscapeDataString("Лид 3 " + dep.Tag)}");
        Assert.Equal([mine[3].Id], found.Items.Select(l => l.Id));
        Assert.Equal(["status"], (await Problem(await head.GetAsync("/api/v1/leads?status=hot"), HttpStatusCode.BadRequest)).ErrorFields());
    }

    [Fact]
    public async Task Heads_keep_channels_campaigns_and_monthly_spend_and_sellers_only_read_them()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("closer");
        var sellerApi = app.Client(seller.Token);
        Assert.Equal(HttpStatusCode.Forbidden, (await sellerApi.PostAsJsonAsync("/api/v1/channels", new { name = "Мой канал", kind = "social" })).StatusCode);
        var bad = await Problem(await head.PostAsJsonAsync("/api/v1/channels", new { name = "", kind = "telepathy" }), HttpStatusCode.BadRequest);
        Assert.Equal(new[] { "kind", "name" }, bad.ErrorFields().Order(StringComparer.Ordinal));
        var channel = await NewChannelAsync(head, "Рассылка " + dep.Tag, "mailing");
        Assert.Equal((ChannelKind.Mailing, dep.HeadId, 24), (channel.Kind, channel.OwnerId, channel.FormKey.Length));
        await Expect<ChannelView>(await head.PutAsJsonAsync($"/api/v1/channels/{channel.Id}/spend", new { month = "2026-03", amount = 15000.50m }),
            HttpStatusCode.OK);
        await Expect<ChannelView>(await head.PutAsJsonAsync($"/api/v1/channels/{channel.Id}/spend", new { month = "2026-04", amount = 100 }),
            HttpStatusCode.OK);
        var spent = await Expect<ChannelView>(await head.PutAsJsonAsync($"/api/v1/channels/{channel.Id}/spend", new
        {
            month = "2026-03",
            amount = 20000
        }), HttpStatusCode.OK);
        Assert.Equal([new SpendView("2026-03", 20000m), new SpendView("2026-04", 100m)], spent.Spend);
        Assert.Equal(["month"], (await Problem(await head.PutAsJsonAsync($"/api/v1/channels/{channel.Id}/spend", new { month = "март", amount = 1 }),
            HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(HttpStatusCode.Forbidden, (await sellerApi.PutAsJsonAsync($"/api/v1/channels/{channel.Id}/spend", new
        {
            month = "2026-03",
            amount = 1
        })).StatusCode);
        var listed = await sellerApi.GetJson<List<ChannelView>>("/api/v1/channels");
        Assert.Contains(listed, c => c.Id == channel.Id);
        var other = await app.NewDepartmentAsync();
        Assert.DoesNotContain(await app.Client(other.HeadToken).GetJson<List<ChannelView>>("/api/v1/channels"), c => c.Id == channel.Id);
        await Problem(await app.Client(other.HeadToken).PutAsJsonAsync($"/api/v1/channels/{channel.Id}", new { name = "Чужой" }), HttpStatusCode.NotFound);
        var renamed = await Expect<ChannelView>(await head.PutAsJsonAsync($"/api/v1/channels/{channel.Id}", new
        {
            name = "Письма " + dep.Tag,
            isArchived = true
        }), HttpStatusCode.OK);
        Assert.True(renamed.IsArchived);
        await Problem(await app.Client().PostAsJsonAsync($"/api/v1/forms/{channel.FormKey}", new { name = "В архив", phone = "+7 916 123-45-67" }),
            HttpStatusCode.NotFound);
        await using var db = app.OpenDb();
        Assert.Equal(2, await db.ChannelSpend.CountAsync(s => s.ChannelId == channel.Id));
    }
}

[Collection("sqlite")]
public sealed class LeadsApiTests_Sqlite(SqliteApp app) : LeadsApiTests(app);

[Collection("postgres")]
public sealed class LeadsApiTests_Postgres(PostgresApp app) : LeadsApiTests(app);
