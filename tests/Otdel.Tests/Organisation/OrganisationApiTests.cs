using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Otdel.Features.Organisation;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Organisation;

/// <summary>Departments, teams, people, access and audit through /api/v1, run on SQLite and on PostgreSQL.</summary>
public abstract class OrganisationApiTests(TestApp app)
{
    [Fact]
    public async Task Head_builds_a_team_with_people_and_the_tree_reads_back()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var team = await Read<TeamView>(await head.PostAsJsonAsync("/api/v1/teams", new { name = "Новые продажи", departmentId = dep.Id }), HttpStatusCode.Created);
        var hunter = await Read<UserView>(await head.PostAsJsonAsync("/api/v1/users", new
        {
            email = $"Hunter-{dep.Tag}@Test.Otdel", fullName = "Мария Лебедева", position = "hunter", teamId = team.Id, managerId = dep.HeadId, password = "password-123",
        }), HttpStatusCode.Created);

        Assert.Equal(Position.Hunter, hunter.Position);
        Assert.Equal(dep.Id, hunter.DepartmentId);
        var members = await head.GetJson<List<UserView>>($"/api/v1/users?teamId={team.Id}");
        Assert.Equal(["Мария Лебедева"], members!.Select(m => m.FullName));
        var teams = await head.GetJson<List<TeamView>>($"/api/v1/teams?departmentId={dep.Id}");
        Assert.Contains(teams!, t => t.Id == team.Id && t.Name == "Новые продажи");
    }

    [Fact]
    public async Task No_token_gives_401_problem_details()
    {
        var res = await app.Client().GetAsync("/api/v1/users");
        Assert.Equal(HttpStatusCode.Unauthorized, res.StatusCode);
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
        var body = await res.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(401, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("traceId").GetString()));
    }

    [Fact]
    public async Task A_bad_token_gives_401()
    {
        var res = await app.Client("otd_not-a-real-token").GetAsync("/api/v1/users");
        Assert.Equal(HttpStatusCode.Unauthorized, res.StatusCode);
    }

    [Fact]
    public async Task A_seller_cannot_create_people()
    {
        var dep = await app.NewDepartmentAsync();
        var seller = await dep.AddPersonAsync("closer");
        var res = await app.Client(seller.Token).PostAsJsonAsync("/api/v1/users", new { email = $"x-{dep.Tag}@test.otdel", fullName = "X", position = "hunter", password = "password-123" });
        Assert.Equal(HttpStatusCode.Forbidden, res.StatusCode);
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
        var res2 = await app.Client(seller.Token).PostAsJsonAsync("/api/v1/teams", new { name = "Моя команда", departmentId = dep.Id });
        Assert.Equal(HttpStatusCode.Forbidden, res2.StatusCode);
    }

    [Fact]
    public async Task A_duplicate_email_is_409_naming_the_field_whatever_the_case()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var email = $"dup-{dep.Tag}@test.otdel";
        await Read<UserView>(await head.PostAsJsonAsync("/api/v1/users", new { email, fullName = "Первый", position = "closer", password = "password-123" }), HttpStatusCode.Created);
        var res = await head.PostAsJsonAsync("/api/v1/users", new { email = email.ToUpperInvariant(), fullName = "Второй", position = "closer", password = "password-123" });
        var errors = await Errors(res, HttpStatusCode.Conflict);
        Assert.Contains("email", errors.Keys);
    }

    [Fact]
    public async Task A_cyclic_reporting_line_is_refused_naming_managerId()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var lead = await dep.AddPersonAsync("closer");
        var junior = await dep.AddPersonAsync("hunter", managerId: lead.Id);
        var user = await head.GetJson<UserView>($"/api/v1/users/{lead.Id}");

        var res = await head.PatchAsJsonAsync($"/api/v1/users/{lead.Id}", new { managerId = junior.Id, version = user!.Version });
        var errors = await Errors(res, HttpStatusCode.BadRequest);
        Assert.Contains("managerId", errors.Keys);

        var self = await head.PatchAsJsonAsync($"/api/v1/users/{lead.Id}", new { managerId = lead.Id, version = user.Version });
        Assert.Contains("managerId", (await Errors(self, HttpStatusCode.BadRequest)).Keys);
    }

    [Fact]
    public async Task Validation_names_each_bad_field_in_the_callers_language()
    {
        var dep = await app.NewDepartmentAsync();
        var ru = await Errors(await app.Client(dep.HeadToken, "ru").PostAsJsonAsync("/api/v1/users", new { email = "not-an-email", fullName = "", position = "boss", password = "123" }), HttpStatusCode.BadRequest);
        Assert.Equal(["email", "fullName", "password", "position"], ru.Keys.Order());
        Assert.Equal("Заполните это поле.", ru["fullName"][0]);
        var en = await Errors(await app.Client(dep.HeadToken, "en").PostAsJsonAsync("/api/v1/users", new { email = "x@y.ru", fullName = "", position = "closer", password = "password-123" }), HttpStatusCode.BadRequest);
        Assert.Equal("Fill in this field.", en["fullName"][0]);
    }

    [Fact]
    public async Task A_stale_update_gets_409_and_changes_nothing()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var person = await dep.AddPersonAsync("farmer");
        var read = await head.GetJson<UserView>($"/api/v1/users/{person.Id}");

        var first = await Read<UserView>(await head.PatchAsJsonAsync($"/api/v1/users/{person.Id}", new { fullName = "Первое имя", version = read!.Version }), HttpStatusCode.OK);
        Assert.Equal(read.Version + 1, first.Version);
        var stale = await head.PatchAsJsonAsync($"/api/v1/users/{person.Id}", new { fullName = "Второе имя", version = read.Version });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var now = await head.GetJson<UserView>($"/api/v1/users/{person.Id}");
        Assert.Equal("Первое имя", now!.FullName);

        var put = await head.PutAsJsonAsync($"/api/v1/users/{person.Id}", new { email = person.Email, fullName = "Третье имя", position = "farmer", departmentId = dep.Id, managerId = dep.HeadId, version = read.Version });
        Assert.Equal(HttpStatusCode.Conflict, put.StatusCode);
    }

    [Fact]
    public async Task The_audit_history_shows_who_changed_which_field_from_what_to_what()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var person = await dep.AddPersonAsync("hunter", name: "Игорь Кузнецов");
        var read = await head.GetJson<UserView>($"/api/v1/users/{person.Id}");
        await Read<UserView>(await head.PatchAsJsonAsync($"/api/v1/users/{person.Id}", new { position = "closer", version = read!.Version }), HttpStatusCode.OK);

        var history = await head.GetJson<List<JsonElement>>($"/api/v1/audit?entity=user&id={person.Id}");
        var change = history!.Single(h => h.GetProperty("field").GetString() == "position");
        Assert.Equal("hunter", change.GetProperty("oldValue").GetString());
        Assert.Equal("closer", change.GetProperty("newValue").GetString());
        Assert.Equal(dep.HeadId, change.GetProperty("userId").GetInt64());
        Assert.Equal("api", change.GetProperty("channel").GetString());
        Assert.Contains(history!, h => h.GetProperty("action").GetString() == "created");
    }

    [Fact]
    public async Task A_seller_reads_the_history_of_the_people_they_see_and_cannot_edit_others()
    {
        var dep = await app.NewDepartmentAsync();
        var a = await dep.AddPersonAsync("closer");
        var b = await dep.AddPersonAsync("closer");
        var stranger = await (await app.NewDepartmentAsync()).AddPersonAsync("closer");
        var seller = app.Client(a.Token);
        // A record's history is readable by exactly those who read the record: colleagues yes, another department no.
        Assert.Equal(HttpStatusCode.OK, (await seller.GetAsync($"/api/v1/audit?entity=user&id={b.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await seller.GetAsync($"/api/v1/users/{stranger.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await seller.GetAsync($"/api/v1/audit?entity=user&id={stranger.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await seller.GetAsync($"/api/v1/audit?entity=user&id={a.Id}")).StatusCode);
        var other = await seller.GetJson<UserView>($"/api/v1/users/{b.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, (await seller.PatchAsJsonAsync($"/api/v1/users/{b.Id}", new { fullName = "Взлом", version = other!.Version })).StatusCode);
        var me = await seller.GetJson<UserView>($"/api/v1/users/{a.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, (await seller.PatchAsJsonAsync($"/api/v1/users/{a.Id}", new { position = "head_of_sales", version = me!.Version })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await seller.PatchAsJsonAsync($"/api/v1/users/{a.Id}", new { language = "en", version = me.Version })).StatusCode);
    }

    [Fact]
    public async Task A_deputy_acts_for_an_absent_head_only_within_the_dates()
    {
        var dep = await app.NewDepartmentAsync();
        var deputy = await dep.AddPersonAsync("closer");
        var deputyClient = app.Client(deputy.Token);
        var body = new { email = $"n-{dep.Tag}@test.otdel", fullName = "Новичок", position = "hunter", password = "password-123" };
        Assert.Equal(HttpStatusCode.Forbidden, (await deputyClient.PostAsJsonAsync("/api/v1/users", body)).StatusCode);

        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var head = app.Client(dep.HeadToken);
        var bad = await head.PostAsJsonAsync("/api/v1/deputies", new { principalId = dep.HeadId, deputyId = deputy.Id, from = today, to = today.AddDays(-1) });
        Assert.Contains("to", (await Errors(bad, HttpStatusCode.BadRequest)).Keys);
        Assert.Equal(HttpStatusCode.Created, (await head.PostAsJsonAsync("/api/v1/deputies", new { principalId = dep.HeadId, deputyId = deputy.Id, from = today.AddDays(-1), to = today.AddDays(7), reason = "отпуск" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await deputyClient.PostAsJsonAsync("/api/v1/users", body)).StatusCode);

        // The same deputy on the app's days before and after the period acts only for themselves.
        try
        {
            foreach (var day in new[] { today.AddDays(-2), today.AddDays(8) })
            {
                app.Clock.Set(new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
                var outside = body with { email = $"n-{day:yyyyMMdd}-{dep.Tag}@test.otdel" };
                Assert.Equal(HttpStatusCode.Forbidden, (await deputyClient.PostAsJsonAsync("/api/v1/users", outside)).StatusCode);
            }
        }
        finally { app.Clock.Reset(); }
    }

    [Fact]
    public async Task Problem_details_never_leak_a_stack_trace_on_malformed_json()
    {
        var dep = await app.NewDepartmentAsync();
        var res = await app.Client(dep.HeadToken).PostAsync("/api/v1/users", new StringContent("{\"email\": ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Leaks.AssertNone(await res.Content.ReadAsStringAsync());
    }

    static async Task<T> Read<T>(HttpResponseMessage res, HttpStatusCode expected)
    {
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == expected, $"{(int)res.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, Infrastructure.Json.Options)!;
    }

    static async Task<Dictionary<string, string[]>> Errors(HttpResponseMessage res, HttpStatusCode expected)
    {
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == expected, $"{(int)res.StatusCode}: {text}");
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
        return JsonSerializer.Deserialize<JsonElement>(text).GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }

}

[Collection("sqlite")]
public sealed class OrganisationApiTests_Sqlite(SqliteApp app) : OrganisationApiTests(app);

[Collection("postgres")]
public sealed class OrganisationApiTests_Postgres(PostgresApp app) : OrganisationApiTests(app);
