namespace Otdel.Features.Import;

/// <summary>
/// A first mapping for a file, from its column names: Otdel's own field names, and the Russian names amoCRM and Bitrix24
/// give their export columns. A person checks it on the page before importing; nothing is imported on a guess alone.
/// </summary>
public static class ImportGuess
{
    static readonly Dictionary<string, string[]> Deals = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ID"] = ["externalId"], ["Название сделки"] = ["title"], ["Название"] = ["title"], ["Сделка"] = ["title"],
        ["Бюджет"] = ["amount"], ["Сумма"] = ["amount"], ["Валюта"] = ["currency"], ["Ответственный"] = ["owner"],
        ["Этап сделки"] = ["status", "stage"], ["Стадия сделки"] = ["status", "stage"], ["Этап"] = ["stage"], ["Стадия"] = ["stage"],
        ["Воронка"] = ["pipeline"], ["Направление"] = ["pipeline"], ["Дата создания"] = ["createdAt"], ["Дата закрытия"] = ["closedAt"],
        ["Предполагаемая дата закрытия"] = ["expectedCloseDate"], ["Компания"] = ["client"], ["Клиент"] = ["client"], ["Контакт"] = ["client"],
        ["Источник"] = ["source"], ["Товар"] = ["product"], ["Товары"] = ["product"], ["Продукт"] = ["product"],
        ["Причина отказа"] = ["lossReason"], ["Лид"] = ["leadExternalId"],
    };

    static readonly Dictionary<string, string[]> Leads = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ID"] = ["externalId"], ["Имя"] = ["name"], ["Контакт"] = ["name"], ["Название лида"] = ["name"], ["Компания"] = ["company"],
        ["Название компании"] = ["company"], ["Телефон"] = ["phone"], ["Рабочий телефон"] = ["phone"], ["Мобильный телефон"] = ["phone"],
        ["E-mail"] = ["email"], ["Email"] = ["email"], ["Рабочий e-mail"] = ["email"], ["Источник"] = ["source"], ["Кампания"] = ["campaign"],
        ["UTM Campaign"] = ["campaign"], ["Дата создания"] = ["createdAt"], ["Ответственный"] = ["owner"], ["Статус"] = ["status"],
        ["Должность"] = ["position"], ["Комментарий"] = ["comment"],
    };

    static readonly Dictionary<string, string[]> People = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ФИО"] = ["name"], ["Имя"] = ["name"], ["E-mail"] = ["email"], ["Email"] = ["email"], ["Должность"] = ["position"],
        ["Руководитель"] = ["manager"], ["Группа"] = ["team"], ["Команда"] = ["team"], ["Отдел"] = ["department"],
    };

    static readonly Dictionary<string, string[]> Clients = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Название"] = ["name"], ["Название компании"] = ["name"], ["Компания"] = ["name"], ["ФИО"] = ["name"], ["Имя"] = ["name"],
        ["ИНН"] = ["inn"], ["КПП"] = ["kpp"], ["Отрасль"] = ["industry"], ["Сфера деятельности"] = ["industry"], ["Регион"] = ["region"],
        ["Город"] = ["region"], ["Сайт"] = ["website"], ["Web"] = ["website"], ["Телефон"] = ["phone"], ["Рабочий телефон"] = ["phone"],
        ["E-mail"] = ["email"], ["Email"] = ["email"], ["Ответственный"] = ["owner"], ["Должность"] = ["position"], ["День рождения"] = ["birthday"],
        ["Дата рождения"] = ["birthday"],
    };

    public static ImportMapping For(ImportTarget target, IReadOnlyList<string> headers)
    {
        var m = ImportMapping.ByHeaders(headers, target);
        var names = target switch { ImportTarget.Deals => Deals, ImportTarget.Leads => Leads, ImportTarget.People => People, _ => Clients };
        var taken = m.Columns.Values.SelectMany(x => x).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var h in headers)
        {
            if (m.Columns.ContainsKey(h) || !names.TryGetValue(h.Trim(), out var fields)) continue;
            var free = fields.Where(f => !taken.Contains(f)).ToList();
            if (target == ImportTarget.Contacts && h.Trim().Equals("Компания", StringComparison.OrdinalIgnoreCase)) free = ["company"];
            if (free.Count == 0) continue;
            m.Columns[h] = free;
            taken.UnionWith(free);
        }
        if (target == ImportTarget.Deals && m.Columns.Values.Any(f => f.Contains("status") && f.Contains("stage")))
        {
            // amoCRM and Bitrix24 say "won" and "lost" as stage names in one column with the stages.
            m.Values["status"] = new(StringComparer.OrdinalIgnoreCase)
            {
                ["Успешно реализовано"] = "won", ["Закрыто и не реализовано"] = "lost", ["Сделка успешна"] = "won", ["Сделка провалена"] = "lost",
                ["*"] = "open",
            };
            m.Values["stage"] = new(StringComparer.OrdinalIgnoreCase)
            {
                ["Успешно реализовано"] = "", ["Закрыто и не реализовано"] = "", ["Сделка успешна"] = "", ["Сделка провалена"] = "",
            };
        }
        m.DateFormats.AddRange(["dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm", "dd.MM.yyyy"]);
        return m;
    }
}
