using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Otdel.Features.Deals;
using Otdel.Features.Organisation;
using Otdel.Features.Pipelines;
using Otdel.Tests.Deals;
using Otdel.Tests.Reports;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Trust;

/// <summary>
/// One department's records as the trust tests address them: an id for every kind of record an operation can name
/// (in its path, its query or its body). Department A is the one probed; department B is the outsiders' own.
/// </summary>
public sealed class World
{
    public required string Name { get; init; }
    public required string Tag { get; init; }
    public required TestApp App { get; init; }
    /// <summary>The department's head: reads current versions and makes fresh records of this world.</summary>
    public required HttpClient Head { get; init; }
    public long Department { get; init; }
    public long Team { get; init; }
    public long HeadId { get; init; }
    public string HeadEmail { get; init; } = "";
    public string HeadToken { get; init; } = "";
    public long Seller { get; init; }
    public string SellerEmail { get; init; } = "";
    public string SellerToken { get; init; } = "";
    public long Other { get; init; }
    public string OtherEmail { get; init; } = "";
    public string OtherToken { get; init; } = "";
    public long Deal { get; init; }
    public long Client { get; init; }
    public long Pipeline { get; init; }
    public long Stage { get; init; }
    /// <summary>Another stage of the same pipeline (a move target, a moveTo for deleting a stage).</summary>
    public long Stage2 { get; init; }
    public long Field { get; init; }
    public string FieldKey { get; init; } = "";
    public long LossReason { get; init; }
    public long Attachment { get; init; }
    public long Approval { get; init; }
    public long Deputy { get; init; }
    public long Notification { get; init; }
    public long Plan { get; init; }
    public long Lead { get; init; }
    public long Channel { get; init; }
    /// <summary>The public key of the channel's web form.</summary>
    public string FormKey { get; init; } = "";
    public long TaskId { get; init; }
    public long Segment { get; init; }
    public long ActivityId { get; init; }
    public long ImportRun { get; init; }
    public long ImportProfile { get; init; }
    /// <summary>An automation rule of the department (heads write them; the department reads them).</summary>
    public long Rule { get; init; }
    /// <summary>A payment received on the deal.</summary>
    public long Payment { get; init; }
    /// <summary>An important date of the world's client (a contract's anniversary).</summary>
    public long ClientDate { get; init; }
    /// <summary>Who acts when this world's records are the caller's own.</summary>
    public long Self { get; init; }
    /// <summary>The person PUT/PATCH /users/{id} addresses in this world, and their email.</summary>
    public long User { get; init; }
    public string UserEmail { get; init; } = "";
    /// <summary>A client that makes fresh deals as the caller (so a probe never depends on what an earlier one did).</summary>
    public HttpClient? Maker { get; init; }
    /// <summary>The distinctive texts of this world that must never reach an outsider.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    public World As(long self, long user, string userEmail, HttpClient maker) => new()
    {
        Name = Name, Tag = Tag, App = App, Head = Head, Department = Department, Team = Team, HeadId = HeadId, HeadEmail = HeadEmail, HeadToken = HeadToken, Seller = Seller, SellerEmail = SellerEmail,
        SellerToken = SellerToken, Other = Other, OtherEmail = OtherEmail, OtherToken = OtherToken, Deal = Deal, Client = Client, Pipeline = Pipeline,
        Stage = Stage, Stage2 = Stage2, Field = Field, FieldKey = FieldKey, LossReason = LossReason, Attachment = Attachment, Approval = Approval,
        Deputy = Deputy, Notification = Notification, Plan = Plan, TaskId = TaskId, Segment = Segment, ActivityId = ActivityId, Rule = Rule,
        ImportRun = ImportRun, ImportProfile = ImportProfile, Payment = Payment, ClientDate = ClientDate,
        Lead = Lead, Channel = Channel, FormKey = FormKey, Self = self, User = user, UserEmail = userEmail, Maker = maker, Secrets = Secrets,
    };

    /// <summary>The id of this world's record of a kind; kinds are the words the samples and the reference tables use.</summary>
    public long Id(string kind) => kind switch
    {
        "department" => Department,
        "team" => Team,
        "user" => User,
        "head" => HeadId,
        "seller" => Seller,
        "other" => Other,
        "self" => Self,
        "deal" => Deal,
        "client" => Client,
        "pipeline" => Pipeline,
        "stage" => Stage,
        "stage2" => Stage2,
        "field" => Field,
        "lossReason" => LossReason,
        "attachment" => Attachment,
        "approval" => Approval,
        "deputy" => Deputy,
        "notification" => Notification,
        "plan" => Plan,
        "lead" => Lead,
        "channel" => Channel,
        "task" => TaskId,
        "segment" => Segment,
        "activity" => ActivityId,
        "importRun" => ImportRun,
        "importProfile" => ImportProfile,
        "rule" => Rule,
        "payment" => Payment,
        "clientDate" => ClientDate,
        _ => throw new InvalidOperationException($"World {Name} has no record of kind '{kind}'"),
    };

    /// <summary>A new open deal of the caller in this world's pipeline, for probes that may change or close a deal.</summary>
    public async Task<(long Id, int Version)> FreshDealAsync()
    {
        var res = await (Maker ?? Head).PostAsJsonAsync("/api/v1/deals", new { title = "Свежая сделка " + Guid.NewGuid().ToString("N")[..6], amount = 1000, currency = "RUB", pipelineId = Pipeline });
        var d = await DealsTestKit.Expect<DealView>(res, HttpStatusCode.Created);
        return (d.Id, d.Version);
    }

    /// <summary>A new stage in this world's pipeline (made by the head), for probes that may delete one.</summary>
    public async Task<long> FreshStageAsync()
    {
        var res = await Head.PostAsJsonAsync($"/api/v1/pipelines/{Pipeline}/stages", new { name = "Свежий этап " + Guid.NewGuid().ToString("N")[..6] });
        return (await DealsTestKit.Expect<StageView>(res, HttpStatusCode.Created)).Id;
    }

    /// <summary>The current version of a record, read by this world's head (null when it has none or is not readable).</summary>
    public async Task<int?> VersionAsync(string url)
    {
        var res = await Head.GetAsync(url);
        if (!res.IsSuccessStatusCode) return null;
        var json = JsonSerializer.Deserialize<JsonElement>(await res.Content.ReadAsStringAsync());
        return json.ValueKind == JsonValueKind.Object && json.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
    }
}

/// <summary>Builds the trust tests' departments through the API, the way people would.</summary>
public static class TrustSetup
{
    public const decimal SecretAmount = 987654.32m;

    /// <summary>
    /// Department A, full of records with distinctive texts: SECRET-DEAL-…, SECRET-CLIENT-…, SECRET-PERSON-… (a seller in
    /// SECRET-TEAM-…), SECRET-PIPELINE-… with SECRET-STAGE-…, SECRET-FIELD-…, SECRET-REASON-…, a deal of 987 654,32 ₽
    /// with an attachment SECRET-FILE-….pdf, an approval, a deputy and a notification.
    /// </summary>
    public static async Task<World> DepartmentAAsync(TestApp app)
    {
        var g = Guid.NewGuid().ToString("N")[..12];
        var dep = await app.NewDepartmentAsync();
        var root = app.Client(app.RootToken);
        await Ok(await root.PutAsJsonAsync($"/api/v1/departments/{dep.Id}", new { name = $"SECRET-DEPT-{g}", headId = dep.HeadId }));
        var head = app.Client(dep.HeadToken);
        var team = await Read(await head.PostAsJsonAsync("/api/v1/teams", new { name = $"SECRET-TEAM-{g}", departmentId = dep.Id }));
        var sellerEmail = $"secret-{g}@a.test.otdel";
        var seller = await Read(await head.PostAsJsonAsync("/api/v1/users", new
        {
            email = sellerEmail, fullName = $"SECRET-PERSON-{g}", position = "closer", departmentId = dep.Id, teamId = Id(team), managerId = dep.HeadId, password = "password-123",
        }));
        var sellerToken = await app.IssueTokenAsync(Id(seller));
        var other = await dep.AddPersonAsync("closer", Id(team), name: $"SECRET-COLLEAGUE-{g}");
        var pipeline = await Read(await head.PostAsJsonAsync("/api/v1/pipelines", new { name = $"SECRET-PIPELINE-{g}", template = "b2b" }));
        var firstStage = pipeline.GetProperty("stages")[0].GetProperty("id").GetInt64();
        var stage = await Read(await head.PostAsJsonAsync($"/api/v1/pipelines/{Id(pipeline)}/stages", new { name = $"SECRET-STAGE-{g}", exitCriteria = $"SECRET-CRITERIA-{g}" }));
        var fieldKey = "secret_" + g;
        var field = await Read(await head.PostAsJsonAsync($"/api/v1/pipelines/{Id(pipeline)}/fields", new { key = fieldKey, label = $"SECRET-FIELD-{g}", type = "text" }));
        var reason = await Read(await head.PostAsJsonAsync("/api/v1/loss-reasons", new { pipelineId = Id(pipeline), name = $"SECRET-REASON-{g}" }));
        var sellerClient = app.Client(sellerToken);
        var fields = new Dictionary<string, string> { [fieldKey] = $"SECRET-VALUE-{g}" };
        var deal = await Read(await sellerClient.PostAsJsonAsync("/api/v1/deals", new
        {
            title = $"SECRET-DEAL-{g}", amount = SecretAmount, currency = "RUB", pipelineId = Id(pipeline), clientName = $"SECRET-CLIENT-{g}", fields,
        }));
        var att = await sellerClient.AttachAsync(Id(deal), "proposal", $"SECRET-FILE-{g}.pdf", System.Text.Encoding.UTF8.GetBytes($"%PDF-1.4 SECRET-DOC-{g}"));
        var approval = await Read(await head.PostAsJsonAsync($"/api/v1/deals/{Id(deal)}/approvals", new { comment = $"SECRET-APPROVAL-{g}" }));
        var payment = await Read(await sellerClient.PostAsJsonAsync($"/api/v1/deals/{Id(deal)}/payments",
            new { amount = 1000m, reference = $"SP-{g[..8]}", note = $"SECRET-PAYMENT-{g}" }));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var deputy = await Read(await head.PostAsJsonAsync("/api/v1/deputies", new { principalId = dep.HeadId, deputyId = other.Id, from = today.AddDays(30), to = today.AddDays(40), reason = $"SECRET-DEPUTY-{g}" }));
        // A handoff notification for the colleague: a second deal of the seller handed over by the head.
        var deal2 = await Read(await sellerClient.PostAsJsonAsync("/api/v1/deals", new { title = $"SECRET-DEAL-{g}-2", amount = SecretAmount, currency = "RUB", pipelineId = Id(pipeline), clientName = $"SECRET-CLIENT-{g}" }));
        await Ok(await head.PatchAsJsonAsync($"/api/v1/deals/{Id(deal2)}", new { ownerId = other.Id, version = deal2.GetProperty("version").GetInt32() }));
        var notes = await app.Client(other.Token).GetJson<List<JsonElement>>("/api/v1/notifications");
        Assert.True(notes.Count > 0, "setup: handing a deal over made no notification for the new owner");
        var plan = await Read(await head.PostAsJsonAsync("/api/v1/plans", new
        {
            period = "2025-03", level = "team", targetId = Id(team), metric = "revenueWon", amount = 1_000_000m, reason = $"SECRET-PLAN-{g}",
        }));
        var channel = await Read(await head.PostAsJsonAsync("/api/v1/channels", new { name = $"SECRET-CHANNEL-{g}", kind = "web_form", ownerId = Id(seller) }));
        var lead = await Read(await sellerClient.PostAsJsonAsync("/api/v1/leads", new
        {
            name = $"SECRET-LEAD-{g}", company = $"SECRET-LEADCO-{g}", email = $"secret-lead-{g}@a.test.otdel", channelId = Id(channel), allowDuplicate = true,
        }));
        var task = await Read(await head.PostAsJsonAsync("/api/v1/tasks", new
        {
            title = $"SECRET-TASK-{g}", kind = "call", dueAt = DateTime.UtcNow.AddDays(2), priority = "urgent", assigneeId = Id(seller), dealId = Id(deal),
        }));
        var segment = await Read(await head.PostAsJsonAsync("/api/v1/segments", new
        {
            name = $"SECRET-SEGMENT-{g}",
            conditions = new object[]
            {
                new { kind = "stage", stageId = Id(stage) }, new { kind = "channel", channelId = Id(channel) }, new { kind = "owner", ownerId = Id(seller) },
            },
        }));
        var activity = await Read(await sellerClient.PostAsJsonAsync("/api/v1/activities", new
        {
            kind = "call", direction = "out", result = "connected", durationSeconds = 120, text = $"SECRET-CALL-{g}", dealId = Id(deal),
            recordingUrl = $"https://pbx.example.ru/SECRET-REC-{g}",
        }));
        var (run, profile) = await ImportRecordsAsync(head, $"SECRET-IMPORT-{g}");
        var rule = await Read(await head.PostAsJsonAsync("/api/v1/automation/rules", new
        {
            name = $"SECRET-RULE-{g}", pipelineId = Id(pipeline), trigger = "deal_entered", stageId = Id(stage), actions = new[] { new { kind = "notify" } },
        }));
        var clientDate = await Read(await sellerClient.PostAsJsonAsync($"/api/v1/clients/{deal.GetProperty("clientId").GetInt64()}/dates",
            new { title = $"SECRET-DATE-{g}", date = "2019-03-14", note = $"SECRET-DATENOTE-{g}" }));
        return new World
        {
            Segment = Id(segment), Rule = Id(rule), ImportRun = run, ImportProfile = profile, Payment = Id(payment), ClientDate = Id(clientDate),
            Name = "A", Tag = g, App = app, Head = head, Department = dep.Id, Team = Id(team), HeadId = dep.HeadId, HeadEmail = dep.HeadEmail, HeadToken = dep.HeadToken,
            Seller = Id(seller), SellerEmail = sellerEmail, SellerToken = sellerToken, Other = other.Id, OtherEmail = other.Email, OtherToken = other.Token,
            Deal = Id(deal), Client = deal.GetProperty("clientId").GetInt64(), Pipeline = Id(pipeline), Stage = Id(stage), Stage2 = firstStage,
            Field = Id(field), FieldKey = fieldKey, LossReason = Id(reason), Attachment = att.Id, Approval = Id(approval), Deputy = Id(deputy),
            Notification = notes[0].GetProperty("id").GetInt64(), Plan = Id(plan), Lead = Id(lead), Channel = Id(channel), TaskId = Id(task),
            ActivityId = Id(activity),
            FormKey = channel.GetProperty("formKey").GetString()!, Self = dep.HeadId, User = Id(seller), UserEmail = sellerEmail, Maker = head,
            Secrets =
            [
                $"SECRET-DEAL-{g}", $"SECRET-CLIENT-{g}", $"SECRET-PERSON-{g}", $"SECRET-COLLEAGUE-{g}", $"SECRET-TEAM-{g}", $"SECRET-DEPT-{g}",
                $"SECRET-PIPELINE-{g}", $"SECRET-STAGE-{g}", $"SECRET-CRITERIA-{g}", $"SECRET-FIELD-{g}", $"SECRET-VALUE-{g}", $"SECRET-REASON-{g}",
                $"SECRET-FILE-{g}", $"SECRET-DOC-{g}", $"SECRET-APPROVAL-{g}", $"SECRET-DEPUTY-{g}", $"SECRET-PLAN-{g}", $"secret-{g}@a.test.otdel", fieldKey,
                $"SECRET-CHANNEL-{g}", $"SECRET-LEAD-{g}", $"SECRET-LEADCO-{g}", $"secret-lead-{g}@a.test.otdel", $"SECRET-TASK-{g}",
                $"SECRET-SEGMENT-{g}",
                $"SECRET-CALL-{g}", $"SECRET-REC-{g}", $"SECRET-IMPORT-{g}",
                $"SECRET-CALL-{g}", $"SECRET-REC-{g}", $"SECRET-RULE-{g}", $"SECRET-PAYMENT-{g}", $"SP-{g[..8]}", $"SECRET-DATE-{g}",
                $"SECRET-DATENOTE-{g}",
            ],
        };
    }

    /// <summary>Department B: its head, a team with a seller (the outsider) and a colleague, a pipeline and a deal of the seller.</summary>
    public static async Task<World> DepartmentBAsync(TestApp app)
    {
        var g = Guid.NewGuid().ToString("N")[..12];
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var team = await Read(await head.PostAsJsonAsync("/api/v1/teams", new { name = $"Команда {g}", departmentId = dep.Id }));
        var seller = await dep.AddPersonAsync("closer", Id(team), name: $"Продавец {g}");
        var other = await dep.AddPersonAsync("hunter", Id(team), name: $"Коллега {g}");
        var pipeline = await Read(await head.PostAsJsonAsync("/api/v1/pipelines", new { name = $"Воронка {g}", template = "b2b" }));
        var firstStage = pipeline.GetProperty("stages")[0].GetProperty("id").GetInt64();
        var stage = await Read(await head.PostAsJsonAsync($"/api/v1/pipelines/{Id(pipeline)}/stages", new { name = $"Этап {g}" }));
        var fieldKey = "own_" + g;
        var field = await Read(await head.PostAsJsonAsync($"/api/v1/pipelines/{Id(pipeline)}/fields", new { key = fieldKey, label = $"Поле {g}", type = "text" }));
        var reason = await Read(await head.PostAsJsonAsync("/api/v1/loss-reasons", new { pipelineId = Id(pipeline), name = $"Причина {g}" }));
        var sellerClient = app.Client(seller.Token);
        var deal = await Read(await sellerClient.PostAsJsonAsync("/api/v1/deals", new { title = $"Сделка {g}", amount = 5000, currency = "RUB", pipelineId = Id(pipeline), clientName = $"Клиент {g}" }));
        var att = await sellerClient.AttachAsync(Id(deal), "proposal", $"КП {g}.pdf", "%PDF-1.4 own"u8.ToArray());
        var payment = await Read(await sellerClient.PostAsJsonAsync($"/api/v1/deals/{Id(deal)}/payments", new { amount = 100m, note = $"Оплата {g}" }));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var deputy = await Read(await head.PostAsJsonAsync("/api/v1/deputies", new { principalId = seller.Id, deputyId = other.Id, from = today.AddDays(30), to = today.AddDays(40), reason = "отпуск" }));
        var plan = await Read(await head.PostAsJsonAsync("/api/v1/plans", new
        {
            period = "2025-03", level = "team", targetId = Id(team), metric = "revenueWon", amount = 500_000m,
        }));
        var channel = await Read(await head.PostAsJsonAsync("/api/v1/channels", new { name = $"Канал {g}", kind = "web_form", ownerId = seller.Id }));
        var lead = await Read(await sellerClient.PostAsJsonAsync("/api/v1/leads", new
        {
            name = $"Лид {g}", email = $"lead-{g}@b.test.otdel", channelId = Id(channel), allowDuplicate = true,
        }));
        var task = await Read(await sellerClient.PostAsJsonAsync("/api/v1/tasks",
            new { title = $"Задача {g}", dueAt = DateTime.UtcNow.AddDays(1), dealId = Id(deal) }));
        var segment = await Read(await sellerClient.PostAsJsonAsync("/api/v1/segments", new
        {
            name = $"Сегмент {g}", conditions = new object[] { new { kind = "total", min = 1000 } },
        }));
        var activity = await Read(await sellerClient.PostAsJsonAsync("/api/v1/activities",
            new { kind = "note", text = $"Заметка {g}", dealId = Id(deal) }));
        var (run, profile) = await ImportRecordsAsync(head, $"Импорт {g}");
        var rule = await Read(await head.PostAsJsonAsync("/api/v1/automation/rules", new
        {
            name = $"Правило {g}", pipelineId = Id(pipeline), trigger = "deal_left", stageId = Id(stage), actions = new[] { new { kind = "notify" } },
        }));
        var clientDate = await Read(await sellerClient.PostAsJsonAsync($"/api/v1/clients/{deal.GetProperty("clientId").GetInt64()}/dates",
            new { title = $"Годовщина {g}", date = "2020-05-20" }));
        return new World
        {
            Segment = Id(segment), Rule = Id(rule), ImportRun = run, ImportProfile = profile, Payment = Id(payment), ClientDate = Id(clientDate),
            Name = "B", Tag = g, App = app, Head = head, Department = dep.Id, Team = Id(team), HeadId = dep.HeadId, HeadEmail = dep.HeadEmail, HeadToken = dep.HeadToken,
            Seller = seller.Id, SellerEmail = seller.Email, SellerToken = seller.Token, Other = other.Id, OtherEmail = other.Email, OtherToken = other.Token,
            Deal = Id(deal), Client = deal.GetProperty("clientId").GetInt64(), Pipeline = Id(pipeline), Stage = Id(stage), Stage2 = firstStage,
            Field = Id(field), FieldKey = fieldKey, LossReason = Id(reason), Attachment = att.Id, Deputy = Id(deputy), Plan = Id(plan),
            Lead = Id(lead), Channel = Id(channel), FormKey = channel.GetProperty("formKey").GetString()!, TaskId = Id(task), ActivityId = Id(activity),
            Self = seller.Id, User = seller.Id, UserEmail = seller.Email, Maker = sellerClient,
        };
    }

    static long Id(JsonElement e) => e.GetProperty("id").GetInt64();

    /// <summary>An import by the head with one refused row (so the run keeps a rejected-rows file) and a saved mapping.</summary>
    static async Task<(long Run, long Profile)> ImportRecordsAsync(HttpClient head, string secret)
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes($"name,email\n{secret},not-an-email\n")), "file", "people.csv" },
        };
        var run = await Read(await head.PostAsync("/api/v1/import/people", form));
        var profile = await Read(await head.PostAsJsonAsync("/api/v1/import/profiles",
            new { name = secret, target = "deals", mapping = "{\"columns\": {\"Бюджет\": \"amount\"}}" }));
        return (run.GetProperty("runId").GetInt64(), Id(profile));
    }

    static async Task<JsonElement> Read(HttpResponseMessage res)
    {
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.IsSuccessStatusCode, $"setup: {res.RequestMessage?.Method} {res.RequestMessage?.RequestUri} → {(int)res.StatusCode}: {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    static async Task Ok(HttpResponseMessage res) => await Read(res);
}

/// <summary>Finds A's distinctive texts (and its amount, however formatted) in anything an outsider receives.</summary>
public static class Leaks
{
    static readonly string[] AmountForms = ["987654.32", "987654,32", "987 654,32", "987 654.32", "987,654.32"];

    public static string? Find(World a, HttpResponseMessage res, string body)
    {
        var headers = string.Join("\n", res.Headers.Concat(res.Content.Headers).Select(h => h.Key + ": " + string.Join(",", h.Value)));
        var text = body + "\n" + headers;
        var decoded = System.Net.WebUtility.HtmlDecode(text);
        // Unescape JSON's \uXXXX so an escaped text is found as well.
        var unescaped = Regex.Replace(decoded, @"\\u([0-9a-fA-F]{4})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString());
        var spaced = unescaped.Replace('\u00A0', ' ').Replace('\u202F', ' ').Replace('\u2009', ' ');
        foreach (var s in a.Secrets)
            if (spaced.Contains(s, StringComparison.OrdinalIgnoreCase)) return s;
        foreach (var s in AmountForms)
            if (spaced.Contains(s)) return s;
        return null;
    }
}

/// <summary>Signs in through the /login form as a browser does, and hands back a cookie client that does not follow redirects.</summary>
public static partial class Browserless
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public static string? AntiforgeryToken(string html) => TokenPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : null;

    public static HttpClient Anonymous(TestApp app, string language = "ru")
    {
        var c = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = new Uri(app.BaseUrl) };
        c.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return c;
    }

    public static async Task<HttpClient> SignInAsync(TestApp app, string email, string password = "password-123")
    {
        var c = Anonymous(app);
        var page = await c.GetAsync("/login");
        var token = AntiforgeryToken(await page.Content.ReadAsStringAsync());
        Assert.NotNull(token);
        var res = await c.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = password, ["__RequestVerificationToken"] = token!,
        }));
        Assert.True(res.StatusCode == HttpStatusCode.Redirect, $"sign-in of {email} → {(int)res.StatusCode}");
        return c;
    }
}

/// <summary>Small JSON helpers for building probe bodies.</summary>
public static class JsonBits
{
    public static JsonObject Obj(params (string Key, JsonNode? Value)[] props)
    {
        var o = new JsonObject();
        foreach (var (k, v) in props) o[k] = v;
        return o;
    }

    public static string Today(int days) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(days).ToString("yyyy-MM-dd");

    public static string Rand => Guid.NewGuid().ToString("N")[..8];
}
