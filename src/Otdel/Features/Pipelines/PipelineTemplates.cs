using Otdel.Features.Organisation;

namespace Otdel.Features.Pipelines;

/// <summary>
/// Ready-made processes. "b2b" is the seed's conveyor (six stages; Lead Conversion split into the eight deal steps)
/// with a checkable exit condition wherever the seed names one; "simple" is a short "new sale" process.
/// </summary>
public static class PipelineTemplates
{
    public const string B2B = "b2b";
    public const string Simple = "simple";
    public static readonly string[] Names = [B2B, Simple];

    public sealed record Template(string Name, HandoffRule Rule, List<Stage> Stages, List<LossReason> LossReasons, List<PipelineField> Fields);

    /// <summary>A fresh copy of a template's rows (unsaved; ids and pipeline ids are set by EF), or null for an unknown name.</summary>
    public static Template? Build(string name) => name switch
    {
        B2B => BuildB2B(),
        Simple => BuildSimple(),
        _ => null,
    };

    static Condition Field(string key, string label, string? value = null) => new() { Kind = ConditionKind.Field, Field = key, Value = value, Label = label };
    static Condition Document(string kind, string label) => new() { Kind = ConditionKind.Document, DocumentKind = kind, Label = label };
    static Condition Approval(Position p, string label) => new() { Kind = ConditionKind.Approval, Position = p.Code(), Label = label };
    static Condition Amount(string label) => new() { Kind = ConditionKind.Amount, Min = 0, Label = label };

    const string LeadGeneration = "Генерация лидов";
    const string LeadDevelopment = "Развитие лидов";
    const string LeadConversion = "Конверсия лидов";
    const string Fulfilment = "Исполнение обязательств";
    const string AccountManagement = "Работа с клиентом";
    const string KeyAccounts = "Ключевые клиенты";

    static Template BuildB2B()
    {
        var order = 0;
        Stage S(string name, string group, Position? who, int probability, int? hours, int? norm, string entry, string exit, string tasks,
            string actions, string ksf, string crm, List<Condition>? exitConditions = null, StageKind kind = StageKind.Sales) => new()
            {
                Name = name, Group = group, Order = order++, Kind = kind, ResponsiblePosition = who, Probability = probability,
                TimeLimitHours = hours, NormConversion = norm, EntryCriteria = entry, ExitCriteria = exit, Tasks = tasks, Actions = actions,
                KeySuccessFactor = ksf, CrmRequirements = crm, ExitConditions = exitConditions ?? [],
            };

        var stages = new List<Stage>
        {
            S(LeadGeneration, LeadGeneration, Position.Inbound, 5, 16, 30,
                "Контакт компании из рекламы, выставки, сайта или холодной базы.",
                "Marketing Qualified Lead: лид соответствует портрету целевого клиента.",
                "Создать поток лидов для продавцов; отсеять нецелевые обращения.",
                "Обработать заявку, проверить компанию по портрету клиента, заполнить карточку.",
                "Быстрая реакция на входящую заявку и точный портрет целевого клиента.",
                "Источник лида, отметка «Соответствует портрету клиента».",
                [Field("icp_match", "Лид соответствует портрету целевого клиента", "да")]),
            S(LeadDevelopment, LeadDevelopment, Position.Hunter, 10, 40, 40,
                "Marketing Qualified Lead.",
                "Sales Qualified Lead: потребность сформирована, ЛПР известен.",
                "Квалифицировать лид, утеплить повторными звонками, сформировать потребность в продукте.",
                "Звонки и письма, выход на ЛПР, первичное выявление потребности, передача клоузеру.",
                "Выход на лицо, принимающее решение.",
                "Поля «Потребность» и «ЛПР» заполнены.",
                [Field("need", "Потребность записана"), Field("decision_maker", "ЛПР записан")]),
            S("Квалификация", LeadConversion, Position.Closer, 15, 8, 70,
                "Sales Qualified Lead передан клоузеру.",
                "Подтверждены бюджет и сроки покупки.",
                "Проверить, что клиент готов и может купить.",
                "Звонок ЛПР: бюджет, сроки, процесс принятия решения.",
                "Честная квалификация: не тратить время на тех, кто не купит.",
                "Поле «Бюджет» заполнено.",
                [Field("budget", "Бюджет клиента известен")]),
            S("Оценка потребности", LeadConversion, Position.Closer, 20, 16, 70,
                "Квалифицированный клиент.",
                "Потребность клиента описана и подтверждена им.",
                "Выяснить задачи клиента, критерии выбора и конкурентов.",
                "Встреча или созвон, вопросы по методике, резюме встречи клиенту.",
                "Клиент сам формулирует, что ему нужно.",
                "Описание потребности, ожидаемая дата закрытия."),
            S("Презентация", LeadConversion, Position.Closer, 30, 24, 60,
                "Потребность подтверждена.",
                "Клиент увидел решение своей задачи и согласен получить КП.",
                "Показать, как продукт решает задачу клиента.",
                "Презентация или демонстрация, ответы на возражения.",
                "Презентация от задач клиента, а не от свойств продукта.",
                "Дата презентации, участники со стороны клиента."),
            S("Подготовка КП", LeadConversion, Position.Closer, 40, 16, 70,
                "Клиент согласен получить коммерческое предложение.",
                "КП отправлено клиенту.",
                "Подготовить коммерческое предложение под потребность клиента.",
                "Расчёт, согласование скидки, отправка КП.",
                "КП отправлено в срок и отвечает на потребность.",
                "Приложено КП, указана сумма сделки.",
                [Document("proposal", "Приложено коммерческое предложение"), Amount("Указана сумма сделки")]),
            S("Согласование КП", LeadConversion, Position.Closer, 50, 40, 60,
                "КП у клиента.",
                "Условия КП согласованы с клиентом и руководителем отдела продаж.",
                "Довести КП до согласия: цена, сроки, условия оплаты.",
                "Ценовые переговоры, согласование скидки с руководителем.",
                "Переговоры о ценности, а не о скидке.",
                "Согласование руководителя отдела продаж.",
                [Approval(Position.HeadOfSales, "Условия согласованы руководителем отдела продаж")]),
            S("Договор", LeadConversion, Position.Closer, 70, 40, 80,
                "Условия согласованы.",
                "Договор подписан обеими сторонами.",
                "Подготовить, согласовать с юристами и подписать договор.",
                "Отправка проекта договора, протокол разногласий, подписание.",
                "Контроль сроков согласования у клиента.",
                "Приложен подписанный договор.",
                [Document("signed_contract", "Приложен подписанный договор")]),
            S("Счёт", LeadConversion, Position.Closer, 85, 8, 90,
                "Договор подписан.",
                "Счёт выставлен клиенту.",
                "Выставить счёт по договору.",
                "Запрос счёта в бухгалтерии, отправка клиенту.",
                "Счёт отправлен в день подписания договора.",
                "Номер счёта.",
                [Field("invoice_number", "Указан номер счёта")]),
            S("Деньги", LeadConversion, Position.Closer, 95, 40, 90,
                "Счёт выставлен.",
                "Оплата поступила.",
                "Добиться оплаты в срок.",
                "Напоминания об оплате, контроль поступления.",
                "Ежедневный контроль дебиторской задолженности.",
                "Сумма оплаты.",
                [Field("paid_amount", "Оплата зафиксирована")]),
            S("Исполнение обязательств", Fulfilment, Position.Farmer, 100, 80, null,
                "Договор подписан, оплата получена.",
                "Обязательства по договору выполнены, клиент доволен.",
                "Выполнить все условия договора; первые сделки ведут клоузер и клиентский менеджер вместе.",
                "Отгрузка или оказание услуги, закрывающие документы, контроль качества.",
                "Выполнение всех оговорённых условий без нестыковок между продажами и сопровождением.",
                "Закрывающие документы.", kind: StageKind.PostSale),
            S("Работа с клиентом", AccountManagement, Position.Farmer, 100, null, null,
                "Первая сделка исполнена.",
                "Клиент развит до ключевого или продолжает регулярные покупки.",
                "Удерживать и развивать клиента: допродажи и повторные продажи.",
                "Регулярные контакты, план развития клиента, повторные сделки.",
                "Клиентский менеджер не только обслуживает, но и развивает клиента.",
                "План контактов, история покупок.", kind: StageKind.PostSale),
            S("Ключевые клиенты", KeyAccounts, Position.KeyAccountManager, 100, null, null,
                "Клиент вошёл в группу ключевых по доле в прибыли.",
                "—",
                "Удерживать и развивать ВИП-клиентов.",
                "Стратегия по клиенту, встречи с первыми лицами, индивидуальные условия.",
                "Личные отношения на уровне руководства клиента.",
                "Стратегический план по клиенту.", kind: StageKind.PostSale),
        };

        var reasons = Reasons("Дорого", "Выбрали конкурента", "Нет бюджета", "Нет потребности", "Не вышли на ЛПР",
            "Не устроили сроки", "Клиент пропал, не выходит на связь");
        var fields = new List<PipelineField>
        {
            new() { Key = "icp_match", Label = "Соответствует портрету клиента", Type = "choice", Options = "да|нет", Order = 0 },
            new() { Key = "need", Label = "Потребность", Type = "text", Order = 1 },
            new() { Key = "decision_maker", Label = "ЛПР", Type = "text", Order = 2 },
            new() { Key = "budget", Label = "Бюджет", Type = "money", Order = 3 },
            new() { Key = "invoice_number", Label = "Номер счёта", Type = "text", Order = 4 },
            new() { Key = "paid_amount", Label = "Сумма оплаты", Type = "money", Order = 5 },
            new() { Key = "payment_date", Label = "Дата оплаты", Type = "date", Order = 6 },
        };
        return new Template("B2B-продажи", HandoffRule.RoundRobin, stages, reasons, fields);
    }

    static Template BuildSimple()
    {
        var order = 0;
        Stage S(string name, int probability, int? hours, int? norm, string exit, List<Condition>? exitConditions = null) => new()
        {
            Name = name, Group = name, Order = order++, Probability = probability, TimeLimitHours = hours, NormConversion = norm,
            ExitCriteria = exit, ExitConditions = exitConditions ?? [],
        };
        var stages = new List<Stage>
        {
            S("Новая заявка", 10, 8, 70, "С клиентом связались."),
            S("Выявление потребности", 25, 24, 60, "Потребность понятна, сумма оценена.", [Amount("Указана сумма сделки")]),
            S("КП отправлено", 50, 40, 60, "Коммерческое предложение у клиента.", [Document("proposal", "Приложено коммерческое предложение")]),
            S("Переговоры", 70, 40, 70, "Условия согласованы, выставлен счёт.", [Field("invoice_number", "Указан номер счёта")]),
            S("Ожидание оплаты", 90, 40, 90, "Оплата поступила."),
        };
        var fields = new List<PipelineField>
        {
            new() { Key = "need", Label = "Потребность", Type = "text", Order = 0 },
            new() { Key = "invoice_number", Label = "Номер счёта", Type = "text", Order = 1 },
        };
        return new Template("Новая продажа", HandoffRule.KeepOwner, stages, Reasons("Дорого", "Выбрали конкурента", "Нет потребности", "Не выходит на связь"), fields);
    }

    static List<LossReason> Reasons(params string[] names)
    {
        var list = names.Select((n, i) => new LossReason { Name = n, Order = i }).ToList();
        list.Add(new LossReason { Name = "Другое", IsOther = true, Order = list.Count });
        return list;
    }
}
