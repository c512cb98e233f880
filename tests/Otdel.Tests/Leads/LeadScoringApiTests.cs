using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Otdel.Features.Leads;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Leads;

/// <summary>Lead scoring as data: rules and thresholds per department, scores and automatic qualification, on both engines.</summary>
public abstract class LeadScoringApiTests(TestApp app)
{
    static string Phone7() => Random.Shared.Next(1_000_000, 9_999_999).ToString();

    static object Rules(long? departmentId = null, int mql = 30, int sql = 60, int? version = null) => new
    {
        departmentId, mqlThreshold = mql, sqlThreshold = sql, version,
        rules = new object[]
        {
            new { kind = "filled", field = "phone", points = 10 },
            new { kind = "filled", field = "email", points = 5 },
            new { kind = "filled", field = "company", points = 10 },
            new { kind = "equals", field = "position", value = "Генеральный директор", points = 20 },
            new { kind = "channel_kind", value = "exhibition", points = 15 },
            new { kind = "channel_kind", value = "purchased_base", points = -10 },
            new { kind = "company_size", value = "large", points = 25 },
            new { kind = "activity", value = "contacted", points = 5 },
            new { kind = "activity", value = "repeat_request", points = 7 },
        },
    };

    /// <summary>The score the rules of <see cref="Rules"/> give, computed here from the lead's own fields.</summary>
    static int Expected(LeadView l, string? channelKind, int repeats) =>
        (l.Phone is null ? 0 : 10) + (l.Email is null ? 0 : 5) + (l.Company is null ? 0 : 10)
        + (string.Equals(l.Position, "генеральный директор", StringComparison.OrdinalIgnoreCase) ? 20 : 0)
        + channelKind switch { "exhibition" => 15, "purchased_base" => -10, _ => 0 }
        + (l.CompanySize == Features.Clients.ClientSize.Large ? 25 : 0) + (l.FirstContactAt is null ? 0 : 5) + 7 * Math.Min(repeats, 5);

    static async Task<LeadView> NewLeadAsync(HttpClient c, object body) =>
        await Expect<LeadView>(await c.PostAsJsonAsync("/api/v1/leads", body), HttpStatusCode.Created);

    [Fact]
    public async Task Scores_follow_the_departments_rules_and_thresholds_move_leads_forward_on_create_and_change()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var saved = await Expect<LeadScoringView>(await head.PutAsJsonAsync("/api/v1/lead-scoring", Rules()), HttpStatusCode.OK);
        Assert.Equal((dep.Id, 30, 60, 9, false), (saved.DepartmentId, saved.MqlThreshold, saved.SqlThreshold, saved.Rules.Count, saved.Inherited));
        var expo = await Expect<ChannelView>(await head.PostAsJsonAsync("/api/v1/channels", new
        {
            name = "Выставка " + dep.Tag,
            kind = "exhibition"
        }), HttpStatusCode.Created);
        var bought = await Expect<ChannelView>(await head.PostAsJsonAsync("/api/v1/channels", new
        {
            name = "База " + dep.Tag,
            kind = "purchased_base"
        }), HttpStatusCode.Created);

        var cold = await NewLeadAsync(head, new { name = "Холодный", email = $"c-{dep.Tag}@example.ru", channelId = bought.Id, allowDuplicate = true });
        Assert.Equal((Expected(cold, "purchased_base", 0), LeadStatus.New), (cold.Score, cold.Status));
        Assert.Equal(-5, cold.Score);
        var warm = await NewLeadAsync(head, new
        {
            name = "Тёплый", phone = "+7 916 " + Phone7(), email = $"w-{dep.Tag}@example.ru", company = "ООО «Т»",
            allowDuplicate = true
        });
        Assert.Equal((25, LeadStatus.New), (warm.Score, warm.Status));
        var hot = await NewLeadAsync(head, new
        {
            name = "Горячий", phone = "+7 916 " + Phone7(), company = "ПАО «Г»", position = "генеральный директор",
            companySize = "large", channelId = expo.Id, allowDuplicate = true
        });
        Assert.Equal((Expected(hot, "exhibition", 0), LeadStatus.Sql), (hot.Score, hot.Status));
        Assert.Equal(80, hot.Score);

        // A change that crosses MQL moves the lead to MQL; the breakdown names the rules that gave the points.
        var changed = await Expect<LeadView>(await head.PatchAsJsonAsync($"/api/v1/leads/{warm.Id}", new
        {
            position = "Генеральный директор",
            version = warm.Version
        }),
            HttpStatusCode.OK);
        Assert.Equal((45, LeadStatus.Mql), (changed.Score, changed.Status));
        var why = await head.GetJson<LeadScoreView>($"/api/v1/leads/{warm.Id}/score");
        Assert.Equal((45, "warm", 30, 60), (why.Score, why.Category, why.MqlThreshold, why.SqlThreshold));
        Assert.Equal(45, why.Parts.Sum(p => p.Points));
        Assert.Contains(why.Parts, p => p.Rule.Kind == "equals" && p.Rule.Field == "position" && p.Points == 20);
        Assert.Equal("hot", (await head.GetJson<LeadScoreView>($"/api/v1/leads/{hot.Id}/score")).Category);
        Assert.Equal("cold", (await head.GetJson<LeadScoreView>($"/api/v1/leads/{cold.Id}/score")).Category);
    }

    [Fact]
    public async Task A_rules_change_rescores_open_leads_never_moves_one_back_nor_over_a_persons_decision()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("hunter");
        var sellerClient = app.Client(seller.Token);
        await Expect<LeadScoringView>(await head.PutAsJsonAsync("/api/v1/lead-scoring", Rules()), HttpStatusCode.OK);
        var a = await NewLeadAsync(sellerClient, new
        {
            name = "А", phone = "+7 916 " + Phone7(), company = "ООО А", email = $"a-{dep.Tag}@x.ru",
            allowDuplicate = true
        });
        var b = await NewLeadAsync(sellerClient, new
        {
            name = "Б", phone = "+7 916 " + Phone7(), company = "ООО Б", email = $"b-{dep.Tag}@x.ru",
            allowDuplicate = true
        });
        var c = await NewLeadAsync(sellerClient, new { name = "В", phone = "+7 916 " + Phone7(), allowDuplicate = true });
        Assert.All(new[] { a, b }, l => Assert.Equal((25, LeadStatus.New), (l.Score, l.Status)));
        var dq = await Expect<LeadView>(await sellerClient.PostAsJsonAsync($"/api/v1/leads/{b.Id}/status",
            new { status = "disqualified", reason = "не наш профиль", version = b.Version }), HttpStatusCode.OK);

        // Lower thresholds: a goes to SQL, the disqualified b stays disqualified (its score still follows), c to MQL.
        var current = await head.GetJson<LeadScoringView>("/api/v1/lead-scoring");
        var lower = await Expect<LeadScoringView>(await head.PutAsJsonAsync("/api/v1/lead-scoring", Rules(mql: 10, sql: 20,
            version: current.Version)), HttpStatusCode.OK);
        Assert.Equal(2, lower.Rescored);
        var after = (await head.GetJson<LeadPage>("/api/v1/leads?limit=50")).Items.ToDictionary(l => l.Id);
        Assert.Equal((25, LeadStatus.Sql), (after[a.Id].Score, after[a.Id].Status));
        Assert.Equal((25, LeadStatus.Disqualified), (dq.Score, after[b.Id].Status));
        Assert.Equal((10, LeadStatus.Mql), (after[c.Id].Score, after[c.Id].Status));

        // Raise them again: scores stay, statuses never go back by themselves.
        current = await head.GetJson<LeadScoringView>("/api/v1/lead-scoring");
        await Expect<LeadScoringView>(await head.PutAsJsonAsync("/api/v1/lead-scoring", Rules(mql: 500, sql: 900, version: current.Version)),
            HttpStatusCode.OK);
        after = (await head.GetJson<LeadPage>("/api/v1/leads?limit=50")).Items.ToDictionary(l => l.Id);
        Assert.Equal((LeadStatus.Sql, LeadStatus.Disqualified, LeadStatus.Mql), (after[a.Id].Status, after[b.Id].Status, after[c.Id].Status));

        // A stale version is refused with the current rules; a seller reads the rules but may not change them.
        await Problem(await head.PutAsJsonAsync("/api/v1/lead-scoring", Rules(version: current.Version)), HttpStatusCode.Conflict);
        var read = await sellerClient.GetJson<LeadScoringView>("/api/v1/lead-scoring");
        Assert.Equal((500, 900), (read.MqlThreshold, read.SqlThreshold));
        await Problem(await sellerClient.PutAsJsonAsync("/api/v1/lead-scoring", Rules()), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_web_form_post_is_scored_and_a_repeat_request_raises_the_first_leads_score()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        await Expect<LeadScoringView>(await head.PutAsJsonAsync("/api/v1/lead-scoring", Rules()), HttpStatusCode.OK);
        var expo = await Expect<ChannelView>(await head.PostAsJsonAsync("/api/v1/channels", new
        {
            name = "Выставка " + dep.Tag,
            kind = "exhibition"
        }), HttpStatusCode.Created);
        var anonymous = app.Client();
        var email = $"visitor-{dep.Tag}@example.ru";
        var post = new Dictionary<string, string> { ["name"] = "Посетитель", ["email"] = email, ["company"] = "ООО «Стенд»", ["company_size"] = "large" };
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsync($"/api/v1/forms/{expo.FormKey}", new FormUrlEncodedContent(post))).StatusCode);
        var first = (await head.GetJson<LeadPage>($"/api/v1/leads?channelId={expo.Id}")).Items.Single();
        Assert.Equal((Features.Clients.ClientSize.Large, Expected(first, "exhibition", 0), LeadStatus.Mql), (first.CompanySize, first.Score, first.Status));
        Assert.Equal(55, first.Score);

        post["company_size"] = "огромная";
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsync($"/api/v1/forms/{expo.FormKey}", new FormUrlEncodedContent(post))).StatusCode);
        var leads = (await head.GetJson<LeadPage>($"/api/v1/leads?channelId={expo.Id}")).Items;
        var again = leads.Single(l => l.Id != first.Id);
        Assert.Equal(first.Id, again.DuplicateOfLeadId);
        Assert.Contains("огромная", again.Extra);
        var firstNow = leads.Single(l => l.Id == first.Id);
        Assert.Equal((Expected(first, "exhibition", 1), 62, LeadStatus.Sql), (firstNow.Score, firstNow.Score, firstNow.Status));
    }

    [Fact]
    public async Task Bad_rules_are_refused_by_their_field_in_the_callers_language()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var other = await app.NewDepartmentAsync();
        async Task<JsonElement> Refused(object body, string lang = "ru") =>
            await Problem(await app.Client(dep.HeadToken, lang).PutAsJsonAsync("/api/v1/lead-scoring", body), HttpStatusCode.BadRequest);

        var unknown = await Refused(new { mqlThreshold = 10, sqlThreshold = 20, rules = new object[] { new { kind = "zodiac", points = 5 } } });
        Assert.Equal(["rules[0].kind"], unknown.ErrorFields());
        var inverted = await Refused(new { mqlThreshold = 50, sqlThreshold = 20, rules = Array.Empty<object>() });
        Assert.Equal(["sqlThreshold"], inverted.ErrorFields());
        Assert.Contains("MQL", inverted.GetProperty("errors").GetProperty("sqlThreshold")[0].GetString());
        var negative = await Refused(new { mqlThreshold = -1, sqlThreshold = 20, rules = Array.Empty<object>() }, "en");
        Assert.Equal(["mqlThreshold"], negative.ErrorFields());
        var rules = await Refused(new
        {
            mqlThreshold = 10, sqlThreshold = 20,
            rules = new object[]
            {
                new { kind = "filled", field = "shoe_size", points = 5 }, new { kind = "equals", field = "position", points = 5 },
                new { kind = "channel_kind", value = "pigeon", points = 5 }, new { kind = "activity", value = "contacted", points = 5000 },
            },
        });
        Assert.Equal(["rules[0].field", "rules[1].value", "rules[2].value", "rules[3].points"], rules.ErrorFields().Order().ToList());
        var elsewhere = await Refused(new { departmentId = other.Id, mqlThreshold = 10, sqlThreshold = 20, rules = Array.Empty<object>() });
        Assert.Equal(["departmentId"], elsewhere.ErrorFields());
        await Problem(await head.GetAsync($"/api/v1/lead-scoring?departmentId={other.Id}"), HttpStatusCode.BadRequest);
        await Problem(await head.GetAsync("/api/v1/leads/999999999/score"), HttpStatusCode.NotFound);
    }
}

[Collection("sqlite")]
public sealed class LeadScoringApiTests_Sqlite(SqliteApp app) : LeadScoringApiTests(app);

[Collection("postgres")]
public sealed class LeadScoringApiTests_Postgres(PostgresApp app) : LeadScoringApiTests(app);
