using Otdel.Platform;

namespace Otdel.Features.Clients.Pages;

/// <summary>
/// One line of the client page's «Важные даты»: a date of the client's own (<see cref="Own"/>, editable) or a person's
/// birthday (the client's own, or a contact's) — each with when it next comes and in how many days.
/// </summary>
public sealed record ClientDateRow(string Title, DateOnly Date, bool Yearly, string? Note, DateOnly? Next, int? DaysLeft, ClientDateView? Own,
    long? PersonId, string? PersonName)
{
    /// <summary>The client's dates and the birthdays of the client (a person) and its contacts, the nearest first; passed ones last.</summary>
    public static List<ClientDateRow> Of(Client client, IEnumerable<Client> contacts, IEnumerable<ClientDateView> own, string birthday, DateOnly today)
    {
        var rows = own.Select(d => new ClientDateRow(d.Title, d.Date, d.Repeat == ClientDates.Yearly, d.Note, d.Next, d.DaysLeft, d, null, null)).ToList();
        foreach (var p in contacts.Prepend(client).Where(p => p.Birthday is not null))
        {
            var next = ImportantDates.Next(p.Birthday!.Value, today);
            rows.Add(new(birthday, p.Birthday.Value, true, null, next, next.DayNumber - today.DayNumber, null, p.Id == client.Id ? null : p.Id, p.Name));
        }
        return rows.OrderBy(r => r.Next ?? DateOnly.MaxValue).ThenBy(r => r.Title).ToList();
    }
}

/// <summary>A date as typed on the client page (дд.мм.гггг); it becomes the API's <see cref="ClientDateInput"/>.</summary>
public sealed class ClientDateForm
{
    public string? Title { get; set; }
    public string? Date { get; set; }
    public string? Repeat { get; set; }
    public string? Note { get; set; }
    public int? Version { get; set; }

    public static ClientDateForm Of(ClientDateView d) =>
        new() { Title = d.Title, Date = RuInput.Date(d.Date), Repeat = d.Repeat, Note = d.Note, Version = d.Version };

    /// <summary>The input; a date that is not one (31.02.2027) is sent as none and named by <paramref name="badDate"/>.</summary>
    public ClientDateInput ToInput(out bool badDate)
    {
        DateOnly? date = RuInput.TryParseDate(Date, out var d) ? d : null;
        badDate = date is null && !string.IsNullOrWhiteSpace(Date);
        return new(Title, date, Repeat, Note, Version);
    }
}
