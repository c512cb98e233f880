using System.Text.Json.Nodes;
using static Otdel.Tests.Trust.JsonBits;

namespace Otdel.Tests.Trust;

/// <summary>A part of a multipart form: a text field, or a file when <see cref="FileName"/> is set.</summary>
public sealed record FormPart(string Name, string Text, string? FileName = null, byte[]? Bytes = null);

/// <summary>
/// A valid way to call one operation. Ids are never written here: "{deal}", "{stage}"… in query templates and the
/// <see cref="World"/> passed to <see cref="Body"/> decide whose records are named — the outsider's own, or department A's.
/// </summary>
public sealed record Sample
{
    /// <summary>Query variants; a value "{kind}" is the id of that world's record of the kind, "{tag}" its distinctive tag.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Queries { get; init; } = [new Dictionary<string, string>()];
    /// <summary>A valid JSON body with references to the given world's records.</summary>
    public Func<World, JsonObject>? Body { get; init; }
    /// <summary>A valid multipart form.</summary>
    public Func<World, List<FormPart>>? Form { get; init; }
    /// <summary>Where the body's "version" is read from (a path template of the operation's own ids), so a body is never stale.</summary>
    public string? VersionOf { get; init; }
    /// <summary>For a body the document leaves undescribed (a raw JsonElement): the component schema that describes it.</summary>
    public string? Describes { get; init; }
    /// <summary>String fields (body, query or form; "list[].field" inside arrays) that take one of a fixed set of words.</summary>
    public string[] Enums { get; init; } = [];
}

/// <summary>The sample input of every operation, keyed "METHOD /path/template" exactly as /openapi/v1.json names it.</summary>
public static class Samples
{
    static Dictionary<string, string> Q(params (string, string)[] kv) => kv.ToDictionary(x => x.Item1, x => x.Item2);

    static List<FormPart> ImportForm(World w, string csv) => [new("file", "", "import.csv", System.Text.Encoding.UTF8.GetBytes(csv)), new("dryRun", "false")];

    static JsonArray Conditions() => [Obj(("kind", "field"), ("field", "need")), Obj(("kind", "document"), ("documentKind", "proposal")), Obj(("kind", "approval"), ("position", "finance"))];

    static readonly string[] ConditionEnums = ["exitConditions[].kind", "exitConditions[].documentKind", "exitConditions[].position",
        "entryConditions[].kind", "entryConditions[].documentKind", "entryConditions[].position"];

    public static IReadOnlyDictionary<string, Sample> All => all.Value;
    static readonly Lazy<Dictionary<string, Sample>> all = new(Build);

    static Dictionary<string, Sample> Build()
    {
        var s = new Dictionary<string, Sample>
        {
            // Organisation
            ["GET /api/v1/departments"] = new(),
            ["POST /api/v1/departments"] = new() { Body = w => Obj(("name", $"Отдел {Rand}")) },
            ["PUT /api/v1/departments/{id}"] = new() { Body = w => Obj(("name", $"Отдел {Rand}"), ("headId", w.HeadId)) },
            ["GET /api/v1/teams"] = new() { Queries = [Q(), Q(("departmentId", "{department}"))] },
            ["POST /api/v1/teams"] = new() { Body = w => Obj(("name", $"Команда {Rand}"), ("departmentId", w.Department), ("leadId", w.Self)) },
            ["PUT /api/v1/teams/{id}"] = new() { Body = w => Obj(("name", $"Команда {Rand}"), ("departmentId", w.Department), ("leadId", w.HeadId)) },
            ["GET /api/v1/deputies"] = new() { Queries = [Q(), Q(("principalId", "{head}"))] },
            ["POST /api/v1/deputies"] = new() { Body = w => Obj(("principalId", w.Self), ("deputyId", w.Other), ("from", Today(60)), ("to", Today(61)), ("reason", "отпуск")) },
            ["DELETE /api/v1/deputies/{id}"] = new(),
            // Every kind of record the audit keeps (each IAudited entity of the app), with the id of that world's record of the kind.
            ["GET /api/v1/audit"] = new() { Queries = AuditQueries(), Enums = ["entity"] },
            ["GET /api/v1/search"] = new() { Queries = [Q(("q", "{tag}")), Q(("q", "SECRET"))] },
            ["GET /api/v1/users"] = new() { Queries = [Q(), Q(("teamId", "{team}"), ("departmentId", "{department}"), ("position", "closer"))], Enums = ["position"] },
            ["POST /api/v1/users"] = new()
            {
                Body = w => Obj(("email", $"trust-{Rand}@test.otdel"), ("fullName", "Проба Доверия"), ("position", "hunter"), ("departmentId", w.Department),
                    ("teamId", w.Team), ("managerId", w.HeadId), ("password", "password-123"), ("language", "ru"), ("segment", "smb"), ("isActive", true)),
                Enums = ["position", "language"],
            },
            ["GET /api/v1/users/me"] = new(),
            ["GET /api/v1/users/{id}"] = new(),
            ["PUT /api/v1/users/{id}"] = new()
            {
                Body = w => Obj(("email", w.UserEmail), ("fullName", "Проба Доверия"), ("position", "closer"), ("departmentId", w.Department), ("teamId", w.Team),
                    ("managerId", w.HeadId), ("language", "ru"), ("segment", "smb"), ("isActive", true)),
                VersionOf = "/api/v1/users/{id}", Describes = "UserInput", Enums = ["position", "language"],
            },
            ["PATCH /api/v1/users/{id}"] = new()
            {
                Body = w => Obj(("fullName", "Проба Доверия"), ("language", "ru")),
                VersionOf = "/api/v1/users/{id}", Describes = "UserInput", Enums = ["position", "language"],
            },

            // Pipelines
            ["GET /api/v1/pipelines"] = new() { Queries = [Q(), Q(("archived", "true"))] },
            ["POST /api/v1/pipelines"] = new() { Body = w => Obj(("name", $"Воронка {Rand}"), ("template", "simple"), ("handoffRule", "keep_owner")), Enums = ["template", "handoffRule"] },
            ["GET /api/v1/pipelines/{id}"] = new(),
            ["PUT /api/v1/pipelines/{id}"] = new() { Body = w => Obj(("name", $"Воронка {Rand}"), ("handoffRule", "round_robin")), Enums = ["template", "handoffRule"] },
            ["POST /api/v1/pipelines/{id}/stages"] = new()
            {
                Body = w => Obj(("name", $"Этап {Rand}"), ("group", "Группа"), ("kind", "sales"), ("probability", 10), ("timeLimitHours", 8), ("normConversion", 50),
                    ("responsiblePosition", "closer"), ("handoffRule", "named_person"), ("handoffUserId", w.Self), ("entryConditions", Conditions()), ("exitConditions", Conditions()),
                    ("entryCriteria", "вход"), ("exitCriteria", "выход"), ("tasks", "задачи"), ("actions", "действия"), ("keySuccessFactor", "фактор"), ("crmRequirements", "CRM")),
                Enums = ["kind", "responsiblePosition", "handoffRule", .. ConditionEnums],
            },
            ["PUT /api/v1/pipelines/{id}/stages/{stageId}"] = new()
            {
                Body = w => Obj(("name", $"Этап {Rand}"), ("group", "Группа"), ("kind", "sales"), ("probability", 20), ("timeLimitHours", 16), ("normConversion", 40),
                    ("responsiblePosition", "closer"), ("handoffRule", "named_person"), ("handoffUserId", w.Self), ("entryConditions", Conditions()), ("exitConditions", Conditions()),
                    ("entryCriteria", "вход"), ("exitCriteria", "выход"), ("tasks", "задачи"), ("actions", "действия"), ("keySuccessFactor", "фактор"), ("crmRequirements", "CRM")),
                Enums = ["kind", "responsiblePosition", "handoffRule", .. ConditionEnums],
            },
            ["DELETE /api/v1/pipelines/{id}/stages/{stageId}"] = new() { Queries = [Q(("moveTo", "{stage2}"))] },
            ["POST /api/v1/pipelines/{id}/fields"] = new() { Body = w => Obj(("key", "f_" + Rand), ("label", "Поле"), ("type", "text"), ("options", null), ("order", 3)), Enums = ["type"] },
            ["PUT /api/v1/pipelines/{id}/fields/{fieldId}"] = new() { Body = w => Obj(("label", $"Поле {Rand}"), ("type", "text"), ("order", 2)), Enums = ["type"] },
            ["DELETE /api/v1/pipelines/{id}/fields/{fieldId}"] = new(),
            ["GET /api/v1/loss-reasons"] = new() { Queries = [Q(), Q(("pipelineId", "{pipeline}"), ("archived", "true"))] },
            ["POST /api/v1/loss-reasons"] = new() { Body = w => Obj(("pipelineId", w.Pipeline), ("name", $"Причина {Rand}"), ("isOther", false), ("order", 1)) },
            ["PUT /api/v1/loss-reasons/{id}"] = new() { Body = w => Obj(("pipelineId", w.Pipeline), ("name", $"Причина {Rand}"), ("isOther", false), ("order", 2)) },
            ["DELETE /api/v1/loss-reasons/{id}"] = new(),

            // Deals
            ["POST /api/v1/deals"] = new()
            {
                Body = w => Obj(("title", $"Сделка {Rand}"), ("amount", 1500.5), ("currency", "RUB"), ("pipelineId", w.Pipeline), ("stageId", w.Stage2), ("ownerId", w.Self),
                    ("clientName", "ООО «Проба»"), ("expectedCloseDate", Today(30)), ("source", "сайт"), ("segment", "smb"), ("products", "серверы"), ("leadScore", 10),
                    ("fields", new JsonObject())),
                Enums = ["currency"],
            },
            ["GET /api/v1/deals"] = new()
            {
                Queries = [Q(("limit", "10")), Q(("pipelineId", "{pipeline}"), ("stageId", "{stage2}"), ("ownerId", "{seller}"), ("status", "open"), ("cursor", "0"), ("limit", "10"))],
                Enums = ["status"],
            },
            ["GET /api/v1/deals/{id}"] = new(),
            ["PATCH /api/v1/deals/{id}"] = new()
            {
                Body = w => Obj(("title", $"Сделка {Rand}"), ("amount", 2500), ("expectedCloseDate", Today(20)), ("source", "звонок"), ("leadScore", 20)),
                VersionOf = "/api/v1/deals/{id}", Describes = "DealInput", Enums = ["currency"],
            },
            ["POST /api/v1/deals/{id}/move"] = new() { Body = w => Obj(("stageId", w.Stage)), VersionOf = "/api/v1/deals/{id}" },
            ["POST /api/v1/deals/{id}/win"] = new() { Body = w => Obj(), VersionOf = "/api/v1/deals/{id}" },
            ["POST /api/v1/deals/{id}/lose"] = new() { Body = w => Obj(("reasonId", w.LossReason), ("comment", "дорого")), VersionOf = "/api/v1/deals/{id}" },
            ["POST /api/v1/deals/{id}/reopen"] = new() { Body = w => Obj(), VersionOf = "/api/v1/deals/{id}" },
            ["GET /api/v1/deals/{id}/requirements"] = new(),
            ["GET /api/v1/deals/{id}/history"] = new(),
            ["GET /api/v1/deals/{id}/handoff"] = new() { Queries = [Q(("stageId", "{stage2}"))] },
            ["POST /api/v1/deals/{id}/approvals"] = new() { Body = w => Obj(("comment", "согласовано")) },
            ["GET /api/v1/deals/{id}/approvals"] = new(),
            ["POST /api/v1/deals/{id}/attachments"] = new() { Form = w => [new("kind", "proposal"), new("file", "", "КП.pdf", "%PDF-1.4 проба"u8.ToArray())], Enums = ["kind"] },
            ["GET /api/v1/deals/{id}/attachments"] = new(),
            ["GET /api/v1/deals/{id}/attachments/{attId}"] = new(),
            ["GET /api/v1/deals/{id}/payments"] = new(),
            ["POST /api/v1/deals/{id}/payments"] = new() { Body = w => Obj(("amount", 1.5m), ("reference", "42"), ("note", "проба")) },
            ["DELETE /api/v1/deals/{id}/payments/{paymentId}"] = new(),

            // Clients: a contact person of the world's client (a company), the fields of a company in a change.
            ["GET /api/v1/clients"] = new()
            {
                Queries =
                [
                    Q(("search", "{tag}")),
                    Q(("q", "SECRET"), ("kind", "company"), ("companyId", "{client}"), ("ownerId", "{seller}"), ("cursor", "0"), ("limit", "10")),
                    Q(("keyAccount", "true"), ("kamId", "{seller}")),
                ],
                Enums = ["kind"],
            },
            ["GET /api/v1/clients/{id}"] = new(),
            ["POST /api/v1/clients"] = new() { Body = w => Person(w, ("kind", "person"), ("companyId", w.Client), ("ownerId", w.Self)), Enums = ClientEnums },
            ["PATCH /api/v1/clients/{id}"] = new()
            {
                Body = w => Obj(("inn", "7707083893"), ("kpp", "773601001"), ("industry", "Розница"), ("size", "medium"), ("region", "Москва"),
                    ("website", "example.ru"), ("phone", "+7 495 123-45-67"), ("otherPhones", new JsonArray("8 800 555-35-35")),
                    ("email", $"office-{Rand}@example.ru"), ("otherEmails", new JsonArray())),
                VersionOf = "/api/v1/clients/{id}", Enums = ClientEnums,
            },
            ["GET /api/v1/clients/{id}/contacts"] = new(),
            ["POST /api/v1/clients/{id}/contacts"] = new() { Body = w => Person(w), Enums = ClientEnums },
            ["GET /api/v1/clients/{id}/figures"] = new(),
            ["GET /api/v1/clients/{id}/deals"] = new() { Queries = [Q(("limit", "10"))] },
            // The world's client merged with itself is refused by its field; no probe deletes a world's record.
            ["POST /api/v1/clients/{id}/merge"] = new() { Body = w => Obj(("otherId", w.Client)) },
            // Key accounts: the world's client marked with its other seller as KAM (heads only), taken off, marked in bulk.
            ["GET /api/v1/clients/{id}/dates"] = new(),
            ["POST /api/v1/clients/{id}/dates"] = new()
            {
                Body = w => Obj(("title", "Годовщина договора"), ("date", Today(30)), ("repeat", "yearly"), ("note", "поздравить")), Enums = ["repeat"],
            },
            ["PUT /api/v1/clients/{id}/dates/{dateId}"] = new()
            {
                Body = w => Obj(("title", $"День компании {Rand}"), ("date", Today(40)), ("repeat", "once"), ("note", "заметка")), Enums = ["repeat"],
            },
            ["DELETE /api/v1/clients/{id}/dates/{dateId}"] = new(),
            ["POST /api/v1/clients/{id}/key-account"] = new() { Body = w => Obj(("kamId", w.Other)) },
            ["DELETE /api/v1/clients/{id}/key-account"] = new(),
            ["POST /api/v1/clients/key-accounts"] = new() { Body = w => Obj(("clientIds", new JsonArray(w.Client)), ("kamId", w.Other)) },

            // Leads and channels: the world's lead (its owner's), the world's channel, the public form of that channel.
            ["GET /api/v1/leads"] = new()
            {
                Queries =
                [
                    Q(("limit", "10")),
                    Q(("status", "mql"), ("channelId", "{channel}"), ("ownerId", "{seller}"), ("search", "{tag}"), ("from", "2020-01-01"), ("to", Today(1)),
                        ("cursor", "0"), ("limit", "10")),
                ],
                Enums = ["status"],
            },
            ["GET /api/v1/leads/{id}"] = new(),
            ["POST /api/v1/leads"] = new()
            {
                Body = w => Obj(("name", $"Лид {Rand}"), ("company", "ООО «Проба»"), ("phone", "+7 916 555-44-33"), ("email", $"lead-{Rand}@example.ru"),
                    ("source", "сайт"), ("channelId", w.Channel), ("campaign", "весна"), ("utmSource", "yandex"), ("utmMedium", "cpc"),
                    ("utmCampaign", "spring"),
                    ("landingPage", "https://example.ru/"), ("comment", "перезвонить"), ("ownerId", w.Self), ("arrivedAt", Today(-2)),
                    ("firstContactAt", Today(-1)), ("allowDuplicate", true)),
            },
            ["PATCH /api/v1/leads/{id}"] = new()
            {
                Body = w => Obj(("comment", $"заметка {Rand}"), ("company", "ООО «Проба»"), ("channelId", w.Channel), ("ownerId", w.Seller)),
                VersionOf = "/api/v1/leads/{id}",
            },
            ["POST /api/v1/leads/{id}/status"] = new()
            {
                Body = w => Obj(("status", "mql"), ("reason", null)), VersionOf = "/api/v1/leads/{id}", Enums = ["status"],
            },
            ["POST /api/v1/leads/{id}/convert"] = new()
            {
                Body = w => Obj(("pipelineId", w.Pipeline), ("clientId", w.Client), ("amount", 1000)), VersionOf = "/api/v1/leads/{id}",
            },
            ["GET /api/v1/channels"] = new(),
            ["POST /api/v1/channels"] = new()
            {
                Body = w => Obj(("name", $"Канал {Rand}"), ("kind", "social"), ("ownerId", w.Self), ("departmentId", w.Department)), Enums = ["kind"],
            },
            ["PUT /api/v1/channels/{id}"] = new()
            {
                Body = w => Obj(("name", $"Канал {Rand}"), ("kind", "web_form"), ("ownerId", w.Self), ("departmentId", w.Department), ("isArchived", false)),
                Enums = ["kind"],
            },
            ["POST /api/v1/channels/{id}/campaigns"] = new()
            {
                Body = w => Obj(("name", $"Кампания {Rand}"), ("utmSource", "yandex"), ("utmMedium", "cpc"), ("utmCampaign", "spring")),
            },
            ["PUT /api/v1/channels/{id}/spend"] = new() { Body = w => Obj(("month", "2025-03"), ("amount", 15000.5)) },
            // Anonymous by design (OutsiderTests.AnonymousOperations): a visitor's post to the world's form.
            ["POST /api/v1/forms/{formKey}"] = new()
            {
                Body = w => Obj(("name", "Посетитель"), ("company", "ООО «Сайт»"), ("phone", "+7 916 555-44-33"), ("email", $"visitor-{Rand}@example.ru"),
                    ("comment", "перезвоните"), ("utmSource", "yandex"), ("utmMedium", "cpc"), ("utmCampaign", "spring"),
                    ("landingPage", "https://example.ru/")),
            },

            // Lead scoring: the department's rules (heads change them), a lead's score and why.
            ["GET /api/v1/leads/{id}/score"] = new(),
            ["GET /api/v1/lead-scoring"] = new() { Queries = [Q(), Q(("departmentId", "{department}"))] },
            ["PUT /api/v1/lead-scoring"] = new()
            {
                Body = w => Obj(("departmentId", w.Department), ("mqlThreshold", 30), ("sqlThreshold", 60), ("rules", new JsonArray(
                    Obj(("kind", "filled"), ("field", "phone"), ("value", null), ("points", 10)),
                    Obj(("kind", "channel_kind"), ("field", null), ("value", "exhibition"), ("points", 15)),
                    Obj(("kind", "activity"), ("field", null), ("value", "repeat_request"), ("points", 5))))),
                Enums = ["rules[].kind", "rules[].field"],
            },

            // Automation: a rule on the world's pipeline and stage (heads write, the department reads), the log of firings.
            ["GET /api/v1/automation/rules"] = new() { Queries = [Q(), Q(("pipelineId", "{pipeline}"))] },
            ["POST /api/v1/automation/rules"] = new()
            {
                Body = w => Obj(("name", $"Правило {Rand}"), ("pipelineId", w.Pipeline), ("trigger", "deal_entered"), ("stageId", w.Stage),
                    ("conditions", new JsonArray(Obj(("field", "amount_min"), ("value", "1000")), Obj(("field", "owner_position"), ("value", "closer")))),
                    ("actions", new JsonArray(Obj(("kind", "task"), ("to", "owner"), ("hours", 8), ("text", "Перезвонить")),
                        Obj(("kind", "notify"), ("to", "boss"), ("text", "Новая сделка на этапе")), Obj(("kind", "move"), ("stageId", w.Stage2))))),
                Enums = ["trigger", "conditions[].field", "actions[].kind", "actions[].to"],
            },
            ["GET /api/v1/automation/rules/{id}"] = new(),
            ["DELETE /api/v1/automation/rules/{id}"] = new(),
            ["PUT /api/v1/automation/rules/{id}"] = new()
            {
                Body = w => Obj(("name", $"Правило {Rand}"), ("pipelineId", w.Pipeline), ("trigger", "stage_time"), ("stageId", w.Stage), ("hours", 16),
                    ("enabled", true), ("actions", new JsonArray(Obj(("kind", "task"), ("to", "boss"), ("hours", 4))))),
                VersionOf = "/api/v1/automation/rules/{id}", Enums = ["trigger", "actions[].kind", "actions[].to"],
            },
            ["GET /api/v1/automation/log"] = new() { Queries = [Q(), Q(("dealId", "{deal}"), ("limit", "10"))] },

            // Segments: the world's segment (conditions naming its stage, channel and seller).
            // Import: a small file naming the world's pipeline and seller; the refused rows and saved mappings of the world.
            ["POST /api/v1/import/deals"] = new()
            {
                Form = w => ImportForm(w, $"title,pipeline,status,owner\nИмпорт {Rand},{w.Pipeline},open,{w.SellerEmail}\n"),
            },
            ["POST /api/v1/import/leads"] = new() { Form = w => ImportForm(w, $"name,phone,owner\nЛид {Rand},+7 900 000-00-00,{w.SellerEmail}\n") },
            ["POST /api/v1/import/clients"] = new() { Form = w => ImportForm(w, $"name,owner\nКлиент {Rand},{w.SellerEmail}\n") },
            ["POST /api/v1/import/contacts"] = new()
            {
                Form = w => ImportForm(w, $"name,company,owner\nКонтакт {Rand},Компания {Rand},{w.SellerEmail}\n"),
            },
            ["POST /api/v1/import/people"] = new()
            {
                Form = w => ImportForm(w, $"name,email,manager\nСотрудник,import-{Rand}@test.otdel,{w.SellerEmail}\n"),
            },
            ["POST /api/v1/import/deals/preview"] = new() { Form = w => ImportForm(w, "ID;Бюджет;Этап сделки\n1;100;Переговоры\n") },
            ["POST /api/v1/import/leads/preview"] = new() { Form = w => ImportForm(w, "Имя;Телефон\nИван;+79000000000\n") },
            ["POST /api/v1/import/clients/preview"] = new() { Form = w => ImportForm(w, "Название;ИНН\nРомашка;\n") },
            ["POST /api/v1/import/contacts/preview"] = new() { Form = w => ImportForm(w, "ФИО;Компания\nИван;Ромашка\n") },
            ["POST /api/v1/import/people/preview"] = new() { Form = w => ImportForm(w, "ФИО;E-mail\nИван;ivan@test.otdel\n") },
            ["GET /api/v1/import/runs"] = new(),
            ["GET /api/v1/import/runs/{id}"] = new(),
            ["GET /api/v1/import/runs/{id}/rejected.csv"] = new(),
            ["POST /api/v1/import/runs/{id}/undo"] = new(),
            ["GET /api/v1/import/profiles"] = new(),
            ["POST /api/v1/import/profiles"] = new()
            {
                Body = w => Obj(("name", $"Профиль {Rand}"), ("target", "deals"), ("mapping", "{\"columns\": {\"Бюджет\": \"amount\"}}")),
                Enums = ["target"],
            },
            ["DELETE /api/v1/import/profiles/{id}"] = new(),
            ["GET /api/v1/segments"] = new(),
            ["GET /api/v1/segments/{id}"] = new(),
            ["POST /api/v1/segments"] = new() { Body = w => SegmentBody(w), Enums = ["conditions[].kind"] },
            ["PUT /api/v1/segments/{id}"] = new() { Body = w => SegmentBody(w), VersionOf = "/api/v1/segments/{id}", Enums = ["conditions[].kind"] },
            ["DELETE /api/v1/segments/{id}"] = new(),
            ["GET /api/v1/segments/{id}/members"] = new() { Queries = [Q(), Q(("cursor", "0"), ("limit", "10"))] },
            ["GET /api/v1/segments/{id}/members/export.csv"] = new(),

            // Plans and the production calendar
            ["GET /api/v1/plans"] = new() { Queries = [Q(), Q(("period", "2025-03"))] },
            ["POST /api/v1/plans"] = new()
            {
                Body = w => Obj(("period", $"{2030 + Random.Shared.Next(0, 60)}-{Random.Shared.Next(1, 13):00}"), ("level", "team"), ("targetId", w.Team),
                    ("metric", "revenueWon"), ("amount", 300000), ("distribution", "even"), ("reason", "план")),
                Enums = ["level", "metric", "distribution"],
            },
            ["GET /api/v1/plans/{id}"] = new(),
            ["PUT /api/v1/plans/{id}"] = new()
            {
                Body = w => Obj(("amount", 400000), ("distribution", "even"), ("reason", "уточнили")), VersionOf = "/api/v1/plans/{id}",
                Enums = ["level", "metric", "distribution"],
            },
            ["GET /api/v1/plans/{id}/days"] = new() { Queries = [Q(), Q(("policy", "spread"), ("month", "2025-03"))], Enums = ["policy"] },
            ["GET /api/v1/plans/{id}/forecast"] = new() { Queries = [Q(), Q(("weighting", "history"))], Enums = ["weighting"] },
            ["GET /api/v1/plans/{id}/reverse-funnel"] = new() { Queries = [Q(), Q(("target", "150000"), ("pipelineId", "{pipeline}"))] },
            ["GET /api/v1/reports/forecast"] = new()
            {
                Queries = [Q(("period", "2025-03"), ("level", "team"), ("targetId", "{team}")),
                    Q(("period", "2025-03"), ("level", "team"), ("targetId", "{team}"), ("metric", "revenueWon"), ("weighting", "stage"))],
                Enums = ["level", "metric", "weighting"],
            },
            ["GET /api/v1/reports/plan-fact"] = new()
            {
                Queries = [Q(("period", "2025-03"), ("level", "team"), ("targetId", "{team}"), ("metric", "revenueWon")),
                    Q(("period", "2025-03"), ("level", "team"), ("targetId", "{team}"), ("teamId", "{team}")),
                    Q(("period", "2025-03"), ("level", "team"), ("targetId", "{team}"), ("userId", "{seller}"))],
                Enums = ["level", "metric"],
            },
            ["GET /api/v1/reports/plan-fact/export.csv"] = new()
            {
                Queries = [Q(("period", "2025-03"), ("level", "team"), ("targetId", "{team}")),
                    Q(("period", "2025-03"), ("level", "team"), ("targetId", "{team}"), ("metric", "revenueWon"), ("userId", "{seller}")),
                    Q(("period", "2025-03"), ("level", "team"), ("targetId", "{team}"), ("teamId", "{team}"))],
                Enums = ["level", "metric"],
            },
            ["GET /api/v1/reports/plan-fact/deals"] = new()
            {
                Queries = [Q(("period", "2025-03"), ("level", "team"), ("targetId", "{team}")),
                    Q(("period", "2025-03"), ("level", "team"), ("targetId", "{team}"), ("metric", "revenueWon"), ("teamId", "{team}"),
                        ("userId", "{seller}"))],
                Enums = ["level", "metric"],
            },
            ["GET /api/v1/plans/today"] = new() { Queries = [Q(), Q(("userId", "{seller}"), ("policy", "spread"))], Enums = ["policy"] },
            ["GET /api/v1/reports/reverse-funnel"] = new()
            {
                Queries = [Q(("period", "2025-03"), ("level", "team"), ("targetId", "{team}")),
                    Q(("period", "2025-03"), ("level", "team"), ("targetId", "{team}"), ("metric", "revenueWon"), ("target", "1000"),
                        ("pipelineId", "{pipeline}"))],
                Enums = ["level", "metric"],
            },
            ["GET /api/v1/forecast/deals/{dealId}"] = new(),
            ["PUT /api/v1/forecast/deals/{dealId}"] = new() { Body = w => Obj(("category", "commit")), Enums = ["category"] },
            ["GET /api/v1/calendar"] = new() { Queries = [Q(), Q(("calendar", "ru"), ("year", "2025"))], Enums = ["calendar"] },
            ["PUT /api/v1/calendar/days"] = new()
            {
                Body = w => Obj(("calendar", "mon-fri"), ("date", "2098-03-02"), ("kind", "default"), ("reason", "проба")),
                Enums = ["calendar", "kind"],
            },
            ["GET /api/v1/departments/{id}/calendar"] = new(),
            ["PUT /api/v1/departments/{id}/calendar"] = new() { Body = w => Obj(("calendar", "ru"), ("timeZone", "Europe/Moscow")), Enums = ["calendar"] },

            // Tasks: the world's seller's task, set by its head on the world's deal.
            ["GET /api/v1/tasks"] = new()
            {
                Queries =
                [
                    Q(), Q(("assigneeId", "{seller}"), ("dealId", "{deal}"), ("clientId", "{client}"), ("status", "open"), ("limit", "10")),
                    Q(("leadId", "{lead}")),
                ],
                Enums = ["status"],
            },
            ["GET /api/v1/tasks/{id}"] = new(),
            ["POST /api/v1/tasks"] = new()
            {
                Body = w => Obj(("title", $"Позвонить {Rand}"), ("kind", "call"), ("dueAt", Today(3) + "T10:00:00"), ("priority", "high"),
                    ("assigneeId", w.Self), ("dealId", w.Deal), ("clientId", w.Client), ("leadId", w.Lead),
                    ("checklist", new JsonArray(Obj(("text", "Уточнить бюджет"), ("done", true)), Obj(("text", "Назначить встречу"))))),
                Enums = TaskEnums,
            },
            ["PATCH /api/v1/tasks/{id}"] = new()
            {
                Body = w => Obj(("title", $"Перезвонить {Rand}"), ("dueAt", Today(4) + "T11:30:00+03:00"), ("priority", "urgent")),
                VersionOf = "/api/v1/tasks/{id}", Enums = TaskEnums,
            },
            ["POST /api/v1/tasks/{id}/complete"] = new() { Body = w => Obj(("result", "Договорились")) },

            // Activities: the world's seller's call on the world's deal; the report over the world's people.
            ["GET /api/v1/activities"] = new()
            {
                Queries =
                [
                    Q(), Q(("kind", "call"), ("dealId", "{deal}"), ("clientId", "{client}"), ("authorId", "{seller}"), ("limit", "10")),
                    Q(("leadId", "{lead}")),
                ],
                Enums = ["kind"],
            },
            ["GET /api/v1/activities/{id}"] = new(),
            ["POST /api/v1/activities"] = new()
            {
                Body = w => Obj(("kind", "call"), ("direction", "out"), ("result", "connected"), ("durationSeconds", 90), ("text", $"Звонок {Rand}"),
                    ("recordingUrl", "https://pbx.example.ru/rec/1"), ("dealId", w.Deal), ("clientId", w.Client), ("leadId", w.Lead)),
                Enums = ["kind", "direction", "result", "format"],
            },
            ["GET /api/v1/reports/activity"] = new()
            {
                Queries =
                [
                    Q(), Q(("groupBy", "team"), ("from", "2025-03-01"), ("to", "2025-03-31"), ("teamId", "{team}"), ("userId", "{seller}"), ("format", "csv")),
                ],
                Enums = ["groupBy", "format"],
            },
            ["GET /api/v1/reports/activity/export.csv"] = new()
            {
                Queries = [Q(("groupBy", "day"), ("from", "2025-03-01"), ("to", "2025-03-31"), ("teamId", "{team}"), ("userId", "{seller}"))],
                Enums = ["groupBy"],
            },
            ["GET /api/v1/reports/working-day"] = new()
            {
                Queries = [Q(), Q(("from", "2025-03-03"), ("to", "2025-03-09"), ("teamId", "{team}"), ("userId", "{seller}"))],
            },
            ["GET /api/v1/reports/working-day/export.csv"] = new()
            {
                Queries = [Q(("from", "2025-03-03"), ("to", "2025-03-09"), ("teamId", "{team}"), ("userId", "{seller}"))],
            },
            ["GET /api/v1/reports/sales"] = new()
            {
                Queries = [Q(), Q(("groupBy", "manager"), ("from", "2025-01-01"), ("to", "2025-12-31"), ("format", "csv"))],
                Enums = ["groupBy", "format"],
            },
            ["GET /api/v1/reports/sales/export.csv"] = new()
            {
                Queries = [Q(("groupBy", "month"), ("from", "2025-01-01"), ("to", "2025-12-31"))], Enums = ["groupBy"],
            },
            ["GET /api/v1/reports/channels"] = new()
            {
                Queries = [Q(), Q(("groupBy", "campaign"), ("from", "2025-01-01"), ("to", "2025-12-31"), ("format", "csv"))],
                Enums = ["groupBy", "format"],
            },
            ["GET /api/v1/reports/channels/export.csv"] = new()
            {
                Queries = [Q(("groupBy", "owner"), ("from", "2025-01-01"), ("to", "2025-12-31"))], Enums = ["groupBy"],
            },
            ["GET /api/v1/reports/channels/people"] = new()
            {
                Queries = [Q(), Q(("from", "2025-01-01"), ("to", "2025-12-31"), ("teamId", "{team}"), ("format", "csv"))], Enums = ["format"],
            },
            ["GET /api/v1/reports/channels/people/export.csv"] = new() { Queries = [Q(("from", "2025-01-01"), ("to", "2025-12-31"), ("teamId", "{team}"))] },
            ["GET /api/v1/reports/abc"] = new()
            {
                Queries =
                [
                    Q(), Q(("by", "deals"), ("from", "2025-01-01"), ("to", "2025-12-31"), ("ownerId", "{seller}"), ("teamId", "{team}"), ("format", "csv")),
                ],
                Enums = ["by", "format"],
            },
            ["GET /api/v1/reports/abc/export.csv"] = new()
            {
                Queries = [Q(("by", "revenue"), ("from", "2025-01-01"), ("to", "2025-12-31"), ("ownerId", "{seller}"), ("teamId", "{team}"))], Enums = ["by"],
            },
            ["GET /api/v1/reports/client-quality"] = new()
            {
                Queries = [Q(), Q(("month", "2025-06"), ("ownerId", "{seller}"), ("staleDays", "60"), ("format", "csv"))], Enums = ["format"],
            },
            ["GET /api/v1/reports/client-quality/export.csv"] = new() { Queries = [Q(("month", "2025-06"), ("ownerId", "{seller}"))] },
            ["GET /api/v1/reports/client-quality/trend"] = new() { Queries = [Q(), Q(("months", "6"), ("ownerId", "{seller}"))] },
            ["GET /api/v1/reports/client-quality/issues"] = new() { Queries = [Q(), Q(("ownerId", "{seller}"), ("staleDays", "30"), ("limit", "10"))] },
            ["GET /api/v1/reports/response-time"] = new()
            {
                Queries = [Q(), Q(("groupBy", "team"), ("from", "2025-01-01"), ("to", "2025-12-31"), ("format", "csv"))],
                Enums = ["groupBy", "format"],
            },
            ["GET /api/v1/reports/response-time/export.csv"] = new()
            {
                Queries = [Q(("groupBy", "user"), ("from", "2025-01-01"), ("to", "2025-12-31"))], Enums = ["groupBy"],
            },
            ["GET /api/v1/notifications/date-reminders"] = new() { Queries = [Q(), Q(("departmentId", "{department}"))] },
            ["PUT /api/v1/notifications/date-reminders"] = new() { Body = w => Obj(("departmentId", w.Department), ("days", 4)) },
            ["GET /api/v1/reports/response-time/target"] = new() { Queries = [Q(), Q(("departmentId", "{department}"))] },
            ["PUT /api/v1/reports/response-time/target"] = new() { Body = w => Obj(("departmentId", w.Department), ("minutes", 20)) },
            ["GET /api/v1/reports/activity/daily"] = new() { Queries = [Q(), Q(("date", "2025-03-12"), ("teamId", "{team}"))] },

            // Duty roster
            ["GET /api/v1/duty"] = new() { Queries = [Q(), Q(("departmentId", "{department}"))] },
            ["PUT /api/v1/duty"] = new()
            {
                Body = w => Obj(("departmentId", w.Department), ("shifts", new JsonArray(Obj(("userId", w.Seller), ("kind", "inbound"), ("weekday", 1),
                    ("from", "09:00"), ("to", "18:00"))))),
            },

            // Notifications
            ["GET /api/v1/notifications"] = new() { Queries = [Q(), Q(("unread", "true"))] },
            ["POST /api/v1/notifications/{id}/read"] = new(),
            ["POST /api/v1/notifications/read-all"] = new(),
            ["GET /api/v1/notifications/preferences"] = new(),
            ["PUT /api/v1/notifications/preferences"] = new()
            {
                Body = w => Obj(("kinds", new JsonArray(Obj(("kind", "birthday"), ("inApp", true), ("email", false))))), Enums = ["kinds[].kind"],
            },
        };

        // Reports: the same question (a pipeline and a period) for each report, as JSON and as CSV.
        foreach (var report in new[] { "funnel", "loss-reasons", "stage-time", "sales-cycle" })
        {
            string[] enums = report == "loss-reasons" ? ["format", "part"] : ["format"];
            s[$"GET /api/v1/reports/{report}"] = new()
            {
                Queries = [Q(("pipelineId", "{pipeline}"), ("from", "2020-01-01"), ("to", Today(1))), Q(("pipelineId", "{pipeline}"), ("format", "csv"), ("part", "byStage"))],
                Enums = enums,
            };
            s[$"GET /api/v1/reports/{report}/export.csv"] = new()
            {
                Queries = [Q(("pipelineId", "{pipeline}"), ("from", "2020-01-01"), ("to", Today(1)), ("part", "byOwner"))],
                Enums = report == "loss-reasons" ? ["part"] : [],
            };
        }
        return s;
    }

    static readonly string[] ClientEnums = ["kind", "size"];

    /// <summary>A segment with a condition of every kind, its stage, person and channel the world's own.</summary>
    static JsonObject SegmentBody(World w) => Obj(("name", $"Сегмент {Rand}"), ("conditions", new JsonArray(
        Obj(("kind", "product"), ("text", "станок"), ("min", null), ("max", null), ("days", null), ("has", null), ("stageId", null), ("ownerId", null),
            ("channelId", null)),
        Obj(("kind", "total"), ("min", 1000), ("max", 500000)), Obj(("kind", "average"), ("min", 100)), Obj(("kind", "active_deals"), ("has", true)),
        Obj(("kind", "idle_days"), ("days", 90)), Obj(("kind", "stage"), ("stageId", w.Stage)), Obj(("kind", "position"), ("text", "директор")),
        Obj(("kind", "owner"), ("ownerId", w.Seller)), Obj(("kind", "region"), ("text", "Москва")), Obj(("kind", "channel"), ("channelId", w.Channel)),
        Obj(("kind", "score"), ("min", 10), ("max", 90)))));
    static readonly string[] TaskEnums = ["kind", "priority"];

    /// <summary>A contact person with every field a person has, made even when it looks like one already there.</summary>
    static JsonObject Person(World w, params (string Key, JsonNode? Value)[] more)
    {
        var o = Obj(("name", $"Иван Проба {Rand}"), ("position", "Закупщик"), ("isDecisionMaker", true), ("birthday", "1980-05-17"),
            ("messengers", "Telegram @proba"),
            ("inn", "500123456750"), ("phone", "8 (916) 123-45-67"), ("otherPhones", new JsonArray("+7 925 000-00-00")), ("email", $"ivan-{Rand}@example.ru"),
            ("otherEmails", new JsonArray($"i-{Rand}@example.ru")), ("allowDuplicate", true));
        foreach (var (k, v) in more) o[k] = v;
        return o;
    }

    /// <summary>The audit's entity names → world kinds; an audited entity missing here fails the outsider test.</summary>
    public static readonly IReadOnlyDictionary<string, string> AuditedKinds = new Dictionary<string, string>
    {
        ["deal"] = "deal", ["client"] = "client", ["team"] = "team", ["pipeline"] = "pipeline", ["stage"] = "stage", ["user"] = "seller",
        ["department"] = "department", ["loss_reason"] = "lossReason", ["deputy"] = "deputy", ["pipeline_field"] = "field", ["plan"] = "plan",
        ["lead"] = "lead", ["channel"] = "channel",
        ["task"] = "task",
        ["payment"] = "payment",
    };

    /// <summary>The names under which the app audits its entities, read from the app itself.</summary>
    public static IReadOnlyList<string> AuditedEntities() =>
        typeof(Otdel.Platform.IAudited).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && !t.IsInterface && typeof(Otdel.Platform.IAudited).IsAssignableFrom(t))
            .Select(t => (string)t.GetProperty(nameof(Otdel.Platform.IAudited.AuditName))!.GetValue(null)!)
            .Order().ToList();

    static List<IReadOnlyDictionary<string, string>> AuditQueries() =>
        AuditedEntities().Select((e, i) => (IReadOnlyDictionary<string, string>)(i == 0
            ? Q(("entity", e), ("id", "{" + AuditedKinds.GetValueOrDefault(e, "unknown:" + e) + "}"), ("limit", "50"))
            : Q(("entity", e), ("id", "{" + AuditedKinds.GetValueOrDefault(e, "unknown:" + e) + "}")))).ToList();

    /// <summary>Path segments and the kind of record an id after them names ("/deals/{id}" → a deal).</summary>
    public static readonly IReadOnlyDictionary<string, string> Collections = new Dictionary<string, string>
    {
        ["departments"] = "department", ["teams"] = "team", ["users"] = "user", ["deputies"] = "deputy", ["pipelines"] = "pipeline",
        ["stages"] = "stage", ["fields"] = "field", ["loss-reasons"] = "lossReason", ["deals"] = "deal", ["attachments"] = "attachment",
        ["approvals"] = "approval", ["notifications"] = "notification", ["clients"] = "client", ["plans"] = "plan",
        ["leads"] = "lead", ["channels"] = "channel",
        // A web form is named by its public key, a word (World.FormKey), not an id.
        ["forms"] = "form",
        ["tasks"] = "task",
        ["segments"] = "segment",
        ["activities"] = "activity",
        ["runs"] = "importRun", ["profiles"] = "importProfile",
        ["rules"] = "rule",
        ["payments"] = "payment",
        ["dates"] = "clientDate",
    };

    /// <summary>
    /// Body fields that name another record, and the kind of record they name; "METHOD /path|field" first, for a field
    /// whose name means another kind there (a team's leadId is a person, an activity's a lead).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> References = new Dictionary<string, string>
    {
        ["clientId"] = "client", ["ownerId"] = "seller", ["managerId"] = "seller", ["teamId"] = "team", ["stageId"] = "stage",
        ["pipelineId"] = "pipeline", ["departmentId"] = "department", ["principalId"] = "head", ["deputyId"] = "seller",
        ["headId"] = "seller", ["leadId"] = "seller", ["handoffUserId"] = "seller", ["reasonId"] = "lossReason",
        ["companyId"] = "client", ["otherId"] = "client", ["channelId"] = "channel", ["kamId"] = "seller", ["assigneeId"] = "seller", ["dealId"] = "deal",

        ["targetId"] = "team",
        ["POST /api/v1/activities|leadId"] = "lead", ["POST /api/v1/tasks|leadId"] = "lead", ["PATCH /api/v1/tasks/{id}|leadId"] = "lead",
    };

    /// <summary>The kind of record a path parameter names: the collection segment before it.</summary>
    public static string? PathKind(ApiOp op, string param)
    {
        var segments = op.Path.Split('/');
        var at = Array.IndexOf(segments, "{" + param + "}");
        return at > 0 && Collections.TryGetValue(segments[at - 1], out var kind) ? kind : null;
    }

    /// <summary>Resolves "{kind}" / "{tag}" in a query template against a world.</summary>
    public static string Resolve(string template, World w) =>
        template.StartsWith('{') && template.EndsWith('}')
            ? template[1..^1] == "tag" ? w.Tag : w.Id(template[1..^1]).ToString()
            : template;

    /// <summary>Whether a query template names a record (and so an outsider's copy of it names A's record).</summary>
    public static bool NamesRecord(string template) => template.StartsWith('{') && template != "{tag}";
}
