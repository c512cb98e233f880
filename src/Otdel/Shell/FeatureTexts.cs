using Microsoft.Extensions.Localization;
using Otdel.Resources;

namespace Otdel.Shell;

/// <summary>
/// The UI's texts live with their capability (Features/Deals/DealsText.resx, Features/Organisation/OrganisationText.resx,
/// …; the shell's own — navigation, errors, common words — in Resources/Text.resx), yet every page and use case reads them
/// through one <see cref="IStringLocalizer{Text}"/>: a key's prefix ("Deals.", "Team.") names the capability that holds it.
/// </summary>
public sealed class FeatureTexts : IStringLocalizer<Text>
{
    readonly IStringLocalizer shell;
    readonly (string Prefix, IStringLocalizer Texts)[] byPrefix;

    public FeatureTexts(IStringLocalizerFactory factory)
    {
        shell = factory.Create(typeof(Text));
        IStringLocalizer Of<T>() => factory.Create(typeof(T));
        byPrefix =
        [
            ("Login.", Of<Features.Account.AccountText>()),
            ("Reset.", Of<Features.Account.AccountText>()),
            ("MyDay.", Of<Features.MyDay.MyDayText>()),
            ("DealPage.", Of<Features.Deals.DealsText>()), ("Deals.", Of<Features.Deals.DealsText>()), ("Board.", Of<Features.Deals.DealsText>()),
            ("Team.", Of<Features.Organisation.OrganisationText>()), ("Position.", Of<Features.Organisation.OrganisationText>()),
            ("Settings.", Of<Features.Pipelines.PipelinesText>()), ("Pipelines.", Of<Features.Pipelines.PipelinesText>()),
            ("Reports.", Of<Features.Reports.ReportsText>()),
            ("Plans.", Of<Features.Plans.PlansText>()),
            ("Search.", Of<Features.Search.SearchText>()),
            ("Clients.", Of<Features.Clients.ClientsText>()),
            ("ClientBase.", Of<Features.ClientBase.ClientBaseText>()),
            ("Leads.", Of<Features.Leads.LeadsText>()), ("Scoring.", Of<Features.Leads.LeadsText>()),
            ("Segments.", Of<Features.Segments.SegmentsText>()),
            ("Tasks.", Of<Features.Tasks.TasksText>()),
            ("Activities.", Of<Features.Activities.ActivitiesText>()),
            ("Notifications.", Of<Features.Notifications.NotificationsText>()),
            ("Import.", Of<Features.Import.ImportText>()),
            ("Automation.", Of<Features.Automation.AutomationText>()),
            ("Duty.", Of<Features.Duty.DutyText>()),
            ("Payments.", Of<Features.Payments.PaymentsText>()),
        ];
    }

    IStringLocalizer For(string key)
    {
        foreach (var (prefix, texts) in byPrefix)
            if (key.StartsWith(prefix, StringComparison.Ordinal)) return texts;
        return shell;
    }

    public LocalizedString this[string name] => For(name)[name];

    public LocalizedString this[string name, params object[] arguments] => For(name)[name, arguments];

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        byPrefix.Select(p => p.Texts).Distinct().Prepend(shell).SelectMany(t => t.GetAllStrings(includeParentCultures));
}
