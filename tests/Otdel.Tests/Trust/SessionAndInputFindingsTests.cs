using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Otdel.Features.Deals;
using Otdel.Features.Organisation;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Trust;

/// <summary>Sessions that end, answers instead of 500s, and values kept exactly as answered (issue "Trust").</summary>
public abstract partial class SessionAndInputFindingsTests(TestApp app)
{
    /// <summary>A browser-like client signed in through the form: its cookie jar holds the session.</summary>
    async Task<(HttpClient Client, string Csrf, HttpClientHandler Handler)> SignInAsync(string email, string password = "password-123")
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        var client = new HttpClient(handler) { BaseAddress = new Uri(app.BaseUrl) };
        var token = CsrfField().Match(await client.GetStringAsync("/login")).Groups[1].Value;
        var res = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = password, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        var page = await client.GetStringAsync("/");
        return (client, CsrfField().Match(page).Groups[1].Value, handler);
    }

    static async Task<bool> SignedIn(HttpClient client) => (await client.GetAsync("/api/v1/users/me")).StatusCode == HttpStatusCode.OK;

    [Fact]
    public async Task Signing_out_ends_the_cookie_and_so_do_a_new_password_and_a_new_place_in_the_structure()
    {
        var dep = await app.NewDepartmentAsync();
        var seller = await dep.AddPersonAsync("closer");

        // Sign-out: a copy of the old cookie is dead too.
        var (first, csrf, jar) = await SignInAsync(seller.Email);
        var stolen = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(app.BaseUrl) };
        var cookie = string.Join("; ", jar.CookieContainer.GetAllCookies().Where(c => c.Name == "otdel.auth").Select(c => $"{c.Name}={c.Value}"));
        stolen.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.True(await SignedIn(stolen));
        var logout = await first.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = csrf }));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.False(await SignedIn(stolen));

        // A password changed elsewhere (here by the head) ends the session.
        var (second, _, _) = await SignInAsync(seller.Email);
        Assert.True(await SignedIn(second));
        var head = app.Client(dep.HeadToken);
        var person = await head.GetJson<UserView>($"/api/v1/users/{seller.Id}");
        person = await Expect<UserView>(await head.PatchAsJsonAsync($"/api/v1/users/{seller.Id}", new { password = "changed-by-head", version = person.Version }), HttpStatusCode.OK);
        Assert.False(await SignedIn(second));

        // A new position ends it as well; a new name does not.
        var (third, _, _) = await SignInAsync(seller.Email, "changed-by-head");
        person = await Expect<UserView>(await head.PatchAsJsonAsync($"/api/v1/users/{seller.Id}", new { fullName = "Новое Имя", version = person.Version }), HttpStatusCode.OK);
        Assert.True(await SignedIn(third));
        await Expect<UserView>(await head.PatchAsJsonAsync($"/api/v1/users/{seller.Id}", new { position = "hunter", version = person.Version }), HttpStatusCode.OK);
        Assert.False(await SignedIn(third));
    }

    [Theory]
    [InlineData("/lang/ru?back=/%5Cevil.com")]
    [InlineData("/lang/ru?back=/%09/evil.com")]
    [InlineData("/lang/en?back=//evil.com")]
    [InlineData("/lang/en?back=https://evil.com")]
    public async Task The_language_switch_never_fails_and_never_leaves_the_site(string url)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };
        var res = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        Assert.Equal("/", res.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Reports_refuse_a_date_out_of_range_by_the_field_instead_of_failing()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var pipeline = await head.NewPipelineAsync("simple");
        var seller = app.Client((await dep.AddPersonAsync("closer")).Token);
        foreach (var report in new[] { "funnel", "loss-reasons", "stage-time", "sales-cycle" })
        {
            var res = await Problem(await seller.GetAsync($"/api/v1/reports/{report}?pipelineId={pipeline.Id}&from=2026-01-01&to=9999-12-31"), HttpStatusCode.BadRequest);
            Assert.Equal(["to"], res.ErrorFields());
            var early = await Problem(await seller.GetAsync($"/api/v1/reports/{report}?pipelineId={pipeline.Id}&from=0001-01-01"), HttpStatusCode.BadRequest);
            Assert.Equal(["from"], early.ErrorFields());
        }
    }

    [Fact]
    public async Task An_empty_condition_in_a_stage_is_refused_by_the_field()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var pipeline = await head.NewPipelineAsync("simple");
        var created = await Problem(await head.PostAsync($"/api/v1/pipelines/{pipeline.Id}/stages",
            Body("""{"name":"Этап","exitConditions":[null]}""")), HttpStatusCode.BadRequest);
        Assert.Equal(["exitConditions[0]"], created.ErrorFields());
        var changed = await Problem(await head.PutAsync($"/api/v1/pipelines/{pipeline.Id}/stages/{pipeline.Stages[0].Id}",
            Body("""{"entryConditions":[{"kind":"amount"},null]}""")), HttpStatusCode.BadRequest);
        Assert.Equal(["entryConditions[1]"], changed.ErrorFields());
    }

    [Theory]
    [InlineData("""{"version":"abc"}""", "version")]
    [InlineData("""{"isActive":"yes","version":1}""", "isActive")]
    [InlineData("""{"teamId":[1],"version":1}""", "teamId")]
    [InlineData("""{"fullName": """, null)]
    [InlineData("""[1,2]""", null)]
    public async Task A_value_of_the_wrong_type_is_a_localised_field_error_without_framework_text(string body, string? field)
    {
        var dep = await app.NewDepartmentAsync();
        var res = await app.Client(dep.HeadToken).PatchAsync($"/api/v1/users/{dep.HeadId}", Body(body));
        var problem = await Problem(res, HttpStatusCode.BadRequest);
        var text = JsonSerializer.Serialize(problem, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        foreach (var leak in new[] { "System.", "Path: $", "LineNumber", "BytePosition", "JSON value could not" })
            Assert.DoesNotContain(leak, text);
        Assert.Matches("[а-яА-Я]", text);
        if (field is not null) Assert.Equal([field], problem.ErrorFields());
        else Assert.Single(problem.ErrorFields());
    }

    [Theory]
    [InlineData("""{"title":"Сделка","amount":0.001}""", "amount")]
    [InlineData("""{"title":"Сделка","amount":999999999999.999}""", "amount")]
    [InlineData("""{"title":"Сделка","amount":1e30}""", "amount")]
    [InlineData("""{"title":"\u0000"}""", "title")]
    [InlineData("""{"title":"Сделка\u0007"}""", "title")]
    [InlineData("""{"title":"Сделка","expectedCloseDate":"0001-01-01"}""", "expectedCloseDate")]
    [InlineData("""{"title":"Сделка","expectedCloseDate":"9999-12-31"}""", "expectedCloseDate")]
    [InlineData("""{"title":"Сделка","segment":"MB"}""", "segment")]
    public async Task A_value_the_database_would_not_keep_exactly_is_refused_by_the_field(string body, string field)
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var pipeline = await head.NewPipelineAsync("simple");
        var json = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(body.Replace("\"MB\"", JsonSerializer.Serialize(new string('ж', 1 << 20))))!;
        json["pipelineId"] = JsonSerializer.SerializeToElement(pipeline.Id);
        var before = await head.GetJson<DealPage>($"/api/v1/deals?pipelineId={pipeline.Id}");
        var problem = await Problem(await head.PostAsJsonAsync("/api/v1/deals", json), HttpStatusCode.BadRequest);
        Assert.Equal([field], problem.ErrorFields());
        Assert.Equal(before.Items.Count, (await head.GetJson<DealPage>($"/api/v1/deals?pipelineId={pipeline.Id}")).Items.Count);
    }

    [Theory]
    [InlineData(1500.5)]
    [InlineData(999999999999.99)]
    [InlineData(0.01)]
    public async Task Money_that_is_accepted_reads_back_exactly_as_answered(decimal amount)
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var deal = await head.NewDealAsync(await head.NewPipelineAsync("simple"), "Точная сумма", amount: amount);
        Assert.Equal(amount, deal.Amount);
        Assert.Equal(amount, (await head.GetJson<DealView>($"/api/v1/deals/{deal.Id}")).Amount);
    }

    static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}

[Collection("sqlite")]
public sealed class SessionAndInputFindingsTests_Sqlite(SqliteApp app) : SessionAndInputFindingsTests(app);

[Collection("postgres")]
public sealed class SessionAndInputFindingsTests_Postgres(PostgresApp app) : SessionAndInputFindingsTests(app);
