using System.Text;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Clients;
using Otdel.Features.Deals;
using Otdel.Features.Organisation;
using Otdel.Features.Pipelines;
using Otdel.Platform;

namespace Otdel.Features.Demo;

/// <summary>
/// The demo pipelines and their deals: a B2B conveyor with ~60 deals spread over the stages (some overdue, some won
/// and serviced by farmers, some lost with reasons) whose stage histories follow the same bookkeeping as real moves,
/// and a short "new sale" pipeline. Deterministic, so screenshots and walkthroughs look the same every time.
/// </summary>
static class DemoDeals
{
    static readonly string[] Companies =
    [
        "ООО «ТехноСтрой»", "АО «Уральский завод металлоконструкций»", "ООО «Агрохолдинг Заря»", "ООО «СеверЛес»", "АО «Волжская логистика»",
        "ООО «МедТехСервис»", "ООО «Петербургские окна»", "АО «Сибирская энергосетевая компания»", "ООО «Фармлайн»", "ООО «КамаПласт»",
        "ООО «ДонАгроТрейд»", "АО «Балтийский порт-сервис»", "ООО «ИнжПроект»", "ООО «Теплодом»", "ООО «Торговый дом Меридиан»",
        "АО «Нижегородский хлебозавод № 3»", "ООО «СтройКомплектМонтаж»", "ООО «Юг-Ритейл»", "ООО «Автопарк-Регион»", "АО «КрасноярскВодоканал-Сервис»",
        "ООО «Клиника Здоровье+»", "ООО «Вектор ИТ»", "ООО «Мебельная фабрика Карелия»", "ООО «ПромХимСинтез»", "АО «Тульский оружейный трест»",
        "ООО «Золотое зерно»", "ООО «Казанский текстиль»", "ООО «Альфа-Склад»", "ООО «Арктик Рыба»", "ООО «Дальневосточная транспортная группа»",
        "ООО «Учебный центр Профи»", "ООО «Гостиничный комплекс Волга»", "ООО «ЭкоПак»", "АО «Ростовский элеватор»", "ООО «СмартОфис»",
        "ООО «Новые технологии освещения»", "ООО «Оренбург-Газсервис»", "ООО «Пекарня Каравай»", "ООО «Строительная компания Монолит»", "ООО «Компания Полюс»",
        "ООО «Самарские кабельные сети»", "ООО «Логистический центр Восток»", "ООО «Горный инструмент»", "ООО «ВетМир»", "ООО «Типография Печатный двор»",
        "ООО «АйТи Консалтинг Групп»", "ООО «Сеть аптек Панацея»", "ООО «Завод бетонных изделий № 1»", "ООО «Авангард Секьюрити»", "ООО «Кубань-Фрукт»",
        "ООО «Рязанская обувная фабрика»", "ООО «Инвест-Девелопмент»", "ООО «Северный ветер»", "ООО «Бюро переводов Лингва»", "ООО «Тверской молочный комбинат»",
        "ООО «Энергоаудит»", "ООО «Автосалон Прайм»", "ООО «Технопарк Иннополис-Сервис»", "ООО «ЧистоГрад»", "ООО «Спецтехника Урал»",
    ];

    static readonly string[] Subjects =
    [
        "Поставка серверного оборудования", "Внедрение CRM для отдела продаж", "Лицензии на офисное ПО", "Сервисное обслуживание парка техники",
        "Поставка спецодежды", "Годовой контракт на расходные материалы", "Модернизация склада", "Обучение менеджеров продаж",
        "Система видеонаблюдения", "Поставка упаковочной линии", "Аренда спецтехники", "Аутсорсинг бухгалтерии",
        "Корпоративная мобильная связь", "Поставка светодиодных светильников", "Ремонт офиса под ключ", "Техническое обслуживание лифтов",
    ];

    static readonly string[] Sources = ["Сайт", "Выставка", "Холодный звонок", "Рекомендация", "Тендер", "Повторное обращение"];
    static readonly string[] Needs = ["Заменить устаревшее оборудование до конца квартала", "Сократить сроки отгрузки", "Автоматизировать учёт заявок", "Снизить затраты на обслуживание", "Открытие нового филиала"];
    static readonly string[] DecisionMakers = ["Иванов Сергей Петрович, генеральный директор", "Смирнова Ольга Викторовна, финансовый директор", "Кузнецов Андрей Юрьевич, ИТ-директор", "Попова Елена Николаевна, директор по закупкам", "Васильев Дмитрий Олегович, технический директор"];

    public static async Task SeedAsync(IServiceProvider services, Department department, CancellationToken ct)
    {
        var db = services.GetRequiredService<OtdelDb>();
        var calendar = services.GetRequiredService<WorkCalendar>();
        var settings = services.GetRequiredService<DbSettings>();
        var now = db.UtcNow;
        var people = await db.Users.Where(u => u.DepartmentId == department.Id && u.IsActive).OrderBy(u => u.Id).ToListAsync(ct);
        List<User> Of(Position p) => people.Where(u => u.Position == p).ToList();
        var head = people.First(u => u.Position == Position.HeadOfSales);
        var hunters = Of(Position.Hunter);
        var closers = Of(Position.Closer);
        var farmers = Of(Position.Farmer);
        var kams = Of(Position.KeyAccountManager);
        if (hunters.Count == 0 || closers.Count == 0 || farmers.Count == 0) return;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var b2b = await AddPipeline(db, PipelineTemplates.B2B, department.Id, now, ct);
        var simple = await AddPipeline(db, PipelineTemplates.Simple, department.Id, now, ct);
        // What a head gets on making a B2B pipeline (the seed's automation rules) the demo's pipeline has too.
        foreach (var listener in services.GetServices<IPipelineCreated>()) await listener.CreatedAsync(b2b.Pipeline, b2b.Stages, head.Id, ct);
        var rnd = new Random(20260301);
        var files = new DemoFiles(settings.DataDir);
        var plans = new List<Plan>();

        // The B2B conveyor: where each deal ends up. 0..9 are the sales steps, 10..12 post-sale (won), -1 lost.
        int[] openAt = [0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 5, 5, 5, 6, 6, 7, 7, 8, 9, 9, 3, 5, 1, 2, 6, 4, 8];
        var sales = b2b.Stages.Where(s => s.Kind == StageKind.Sales).OrderBy(s => s.Order).ToList();
        var post = b2b.Stages.Where(s => s.Kind == StageKind.PostSale).OrderBy(s => s.Order).ToList();
        var reasons = await db.LossReasons.Where(r => r.PipelineId == b2b.Pipeline.Id).OrderBy(r => r.Order).ToListAsync(ct);
        var closerTurn = 0;
        var index = 0;
        Plan NewPlan(Pipeline p, int at)
        {
            var i = index++;
            return new Plan(p, Companies[i % Companies.Length], Subjects[rnd.Next(Subjects.Length)], at,
                Math.Round((decimal)(rnd.Next(15, 1200) * 10_000), 0), hunters[i % hunters.Count], closers[closerTurn++ % closers.Count]);
        }
        for (var i = 0; i < openAt.Length; i++) plans.Add(NewPlan(b2b.Pipeline, openAt[i]) with { Overdue = i % 4 == 1 && openAt[i] < 9 });
        for (var i = 0; i < 14; i++) plans.Add(NewPlan(b2b.Pipeline, 10 + (i % 7 == 6 ? 2 : i % 3 == 2 ? 1 : 0)) with { Won = true });
        for (var i = 0; i < 14; i++)
        {
            var reason = reasons[i % reasons.Count];
            plans.Add(NewPlan(b2b.Pipeline, 1 + rnd.Next(0, 9)) with
            {
                LossReason = reason,
                LossComment = reason.IsOther ? "Клиент заморозил проект до следующего года" : i % 4 == 0 ? "Предложили цену на 15% ниже" : null,
            });
        }

        foreach (var plan in plans)
        {
            // Stage path: hunters bring leads from Lead Generation; later steps belong to closers, post-sale to farmers and KAMs.
            var last = Math.Min(plan.At, sales.Count - 1);
            var path = sales.Take(last + 1).ToList();
            if (plan.Won) path.AddRange(post.Take(plan.At - sales.Count + 1));
            var durations = path.Select(_ => rnd.Next(6, 130)).ToList();
            var lastStage = path[^1];
            var lastEntered = plan.Overdue ? now.AddDays(-rnd.Next(12, 25)) : now.AddHours(-rnd.Next(1, Math.Max(2, (lastStage.TimeLimitHours ?? 200) / 2)));
            if (plan.Won || plan.LossReason is not null) lastEntered = now.AddDays(-rnd.Next(2, 40));
            var entered = new DateTime[path.Count];
            entered[^1] = lastEntered;
            for (var k = path.Count - 2; k >= 0; k--) entered[k] = entered[k + 1].AddHours(-durations[k]);

            User OwnerAt(Stage s) => s.ResponsiblePosition switch
            {
                Position.Inbound or Position.Hunter => plan.Hunter,
                Position.Closer => plan.Closer,
                Position.KeyAccountManager when kams.Count > 0 => kams[0],
                _ => farmers[index++ % farmers.Count],
            };
            var owners = path.Select(OwnerAt).ToList();
            var deal = new Deal
            {
                Title = $"{plan.Subject}", ClientName = plan.Company, Amount = plan.Amount, PipelineId = plan.Pipeline.Id, StageId = lastStage.Id,
                OwnerId = owners[^1].Id, CreatedAt = entered[0], Source = Sources[rnd.Next(Sources.Length)], Segment = rnd.Next(3) == 0 ? "Регионы" : "Москва",
                LeadScore = rnd.Next(35, 95), ExpectedCloseDate = DateOnly.FromDateTime(now.AddDays(rnd.Next(10, 90))),
                Client = await FindOrCreateClient.RunAsync(db, null, plan.Company, owners[0].Id, entered[0], ct),
            };
            FillFor(deal, path.Where(s => s.Kind == StageKind.Sales && s != lastStage || plan.Won && s.Kind == StageKind.Sales).ToList(), rnd);
            DealRules.Index(deal);
            deal.StageEnteredAt = lastEntered;
            if (plan.Won) { deal.Status = DealStatus.Won; deal.ClosedAt = entered[sales.Count]; }
            if (plan.LossReason is { } lr)
            {
                deal.Status = DealStatus.Lost; deal.ClosedAt = Min(lastEntered.AddHours(durations[^1]), now.AddHours(-1)); deal.LostAtStageId = lastStage.Id;
                deal.LossReasonId = lr.Id; deal.LossComment = plan.LossComment;
            }
            if (deal.Status != DealStatus.Lost && lastStage.TimeLimitHours is { } h) deal.StageDueAt = calendar.AddWorkingHours(lastEntered, h);
            db.Deals.Add(deal);
            await db.SaveChangesAsync(ct);

            for (var k = 0; k < path.Count; k++)
            {
                var isLast = k == path.Count - 1;
                var exited = isLast ? (deal.Status == DealStatus.Lost ? deal.ClosedAt : null) : entered[k + 1];
                var outcome = isLast ? (deal.Status == DealStatus.Lost ? VisitOutcome.Lost : (VisitOutcome?)null)
                    : plan.Won && path[k + 1].Kind == StageKind.PostSale && path[k].Kind == StageKind.Sales ? VisitOutcome.Won : VisitOutcome.Forward;
                db.StageVisits.Add(new StageVisit
                {
                    DealId = deal.Id, PipelineId = deal.PipelineId, StageId = path[k].Id, ExecutorId = owners[k].Id, EnteredAt = entered[k],
                    ExitedAt = exited, Hours = exited is { } x ? (x - entered[k]).TotalHours : null, Outcome = outcome,
                    IsFirstEntry = true, Advanced = !isLast, MovedById = owners[k].Id,
                });
                if (k > 0 && owners[k].Id != owners[k - 1].Id)
                    db.Handoffs.Add(new Handoff { DealId = deal.Id, StageId = path[k].Id, FromUserId = owners[k - 1].Id, ToUserId = owners[k].Id, Rule = HandoffBy.RoundRobin, At = entered[k], ById = owners[k - 1].Id });
            }
            foreach (var s in path.Where(s => s.Kind == StageKind.Sales && (s != lastStage || plan.Won)))
                foreach (var c in s.ExitConditions)
                {
                    if (c.Kind == ConditionKind.Document)
                        db.Attachments.Add(files.Add(deal, c.DocumentKind!, owners[0].Id, deal.CreatedAt));
                    if (c.Kind == ConditionKind.Approval)
                        db.Approvals.Add(new Approval { DealId = deal.Id, Position = Position.HeadOfSales, ById = head.Id, At = deal.CreatedAt, Comment = "Скидка согласована" });
                }
        }
        await db.SaveChangesAsync(ct);

        // The short "new sale" pipeline: a handful of small deals kept by one closer each.
        var simpleStages = simple.Stages.OrderBy(s => s.Order).ToList();
        for (var i = 0; i < 10; i++)
        {
            var at = i % simpleStages.Count;
            var owner = closers[i % closers.Count];
            var path = simpleStages.Take(at + 1).ToList();
            var start = now.AddDays(-rnd.Next(3, 20));
            var company = Companies[(index + i) % Companies.Length];
            var deal = new Deal
            {
                Title = "Разовая поставка", ClientName = company, Amount = rnd.Next(3, 60) * 10_000, PipelineId = simple.Pipeline.Id, StageId = path[^1].Id,
                OwnerId = owner.Id, CreatedAt = start, Source = Sources[rnd.Next(Sources.Length)],
                Client = await FindOrCreateClient.RunAsync(db, null, company, owner.Id, start, ct),
            };
            if (at >= 3) deal.Fields["invoice_number"] = $"СЧ-{2000 + i}";
            DealRules.Index(deal);
            var enteredLast = now.AddHours(-rnd.Next(1, 20));
            deal.StageEnteredAt = enteredLast;
            if (path[^1].TimeLimitHours is { } h) deal.StageDueAt = calendar.AddWorkingHours(enteredLast, h);
            db.Deals.Add(deal);
            await db.SaveChangesAsync(ct);
            var times = Enumerable.Range(0, path.Count).Select(k => k == path.Count - 1 ? enteredLast : start.AddHours(k * (enteredLast - start).TotalHours / path.Count)).ToList();
            for (var k = 0; k < path.Count; k++)
            {
                var isLast = k == path.Count - 1;
                db.StageVisits.Add(new StageVisit
                {
                    DealId = deal.Id, PipelineId = deal.PipelineId, StageId = path[k].Id, ExecutorId = owner.Id, EnteredAt = times[k],
                    ExitedAt = isLast ? null : times[k + 1], Hours = isLast ? null : (times[k + 1] - times[k]).TotalHours,
                    Outcome = isLast ? null : VisitOutcome.Forward, IsFirstEntry = true, Advanced = !isLast, MovedById = owner.Id,
                });
                if (!isLast && path[k].ExitConditions.Any(c => c.Kind == ConditionKind.Document))
                    db.Attachments.Add(files.Add(deal, "proposal", owner.Id, times[k]));
            }
        }
        await db.SaveChangesAsync(ct);
        // The deals' "created" history lines carry the day each deal really began, not the moment the demo was generated.
        await db.Audit.Where(a => a.Entity == "deal" && a.Action == "created")
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.At, a => db.Deals.Where(d => d.Id == a.EntityId).Select(d => d.CreatedAt).First()), ct);
        await tx.CommitAsync(ct);
    }

    static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    sealed record Plan(Pipeline Pipeline, string Company, string Subject, int At, decimal Amount, User Hunter, User Closer)
    {
        public bool Overdue { get; init; }
        public bool Won { get; init; }
        public LossReason? LossReason { get; init; }
        public string? LossComment { get; init; }
    }

    sealed record Built(Pipeline Pipeline, List<Stage> Stages);

    static async Task<Built> AddPipeline(OtdelDb db, string template, long departmentId, DateTime now, CancellationToken ct)
    {
        var t = PipelineTemplates.Build(template)!;
        var p = new Pipeline { Name = t.Name, Template = template, HandoffRule = t.Rule, DepartmentId = departmentId, CreatedAt = now, Stages = t.Stages };
        db.Pipelines.Add(p);
        await db.SaveChangesAsync(ct);
        foreach (var r in t.LossReasons) { r.PipelineId = p.Id; db.LossReasons.Add(r); }
        foreach (var f in t.Fields) { f.PipelineId = p.Id; db.PipelineFields.Add(f); }
        await db.SaveChangesAsync(ct);
        return new Built(p, t.Stages);
    }

    /// <summary>Fills what the exit conditions of the stages a deal has passed ask for, so its card is honest.</summary>
    static void FillFor(Deal deal, List<Stage> passed, Random rnd)
    {
        foreach (var c in passed.SelectMany(s => s.ExitConditions).Where(c => c.Kind == ConditionKind.Field))
            deal.Fields[c.Field!] = c.Field switch
            {
                "icp_match" => "да",
                "need" => Needs[rnd.Next(Needs.Length)],
                "decision_maker" => DecisionMakers[rnd.Next(DecisionMakers.Length)],
                "budget" => (deal.Amount * 1.2m).ToString("0", System.Globalization.CultureInfo.InvariantCulture),
                "invoice_number" => $"СЧ-{rnd.Next(1000, 9999)}",
                "paid_amount" => deal.Amount.ToString("0", System.Globalization.CultureInfo.InvariantCulture),
                _ => c.Value ?? "да",
            };
    }

    /// <summary>Small text files standing in for proposals and contracts, stored the way uploads are (by SHA-256).</summary>
    sealed class DemoFiles(string dataDir)
    {
        public Attachment Add(Deal deal, string kind, long by, DateTime at)
        {
            var title = kind switch { "proposal" => "Коммерческое предложение", "signed_contract" => "Договор (подписан)", _ => "Документ" };
            var bytes = Encoding.UTF8.GetBytes($"{title}\n{deal.ClientName}\n{deal.Title}\nСумма: {deal.Amount:0.00} ₽\n");
            var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
            var path = Path.Combine(dataDir, "files", sha[..2], sha[2..]);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (!File.Exists(path)) File.WriteAllBytes(path, bytes);
            return new Attachment
            {
                DealId = deal.Id, Kind = kind, FileName = $"{title} — {deal.ClientName}.txt".Replace("«", "").Replace("»", "").Replace("\"", ""),
                ContentType = "text/plain; charset=utf-8", Size = bytes.Length, Sha256 = sha, UploadedById = by, At = at,
            };
        }
    }
}
