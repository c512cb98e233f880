using Otdel.Features.Activities;
using Otdel.Features.Audit;
using Otdel.Features.Automation;
using Otdel.Features.ClientBase;
using Otdel.Features.Clients;
using Otdel.Features.Deals;
using Otdel.Features.Duty;
using Otdel.Features.Import;
using Otdel.Features.Leads;
using Otdel.Features.Notifications;
using Otdel.Features.Organisation;
using Otdel.Features.Payments;
using Otdel.Features.Pipelines;
using Otdel.Features.Plans;
using Otdel.Features.Reports;
using Otdel.Features.Search;
using Otdel.Features.Segments;
using Otdel.Features.Tasks;

namespace Otdel.Features;

/// <summary>The one list of features: their services and their /api/v1 endpoints.</summary>
public static class FeatureRegistration
{
    public static IServiceCollection AddOtdelFeatures(this IServiceCollection s)
    {
        s.AddScoped<References>();
        s.AddScoped<SaveUser>().AddScoped<SaveTeam>().AddScoped<SaveDepartment>().AddScoped<SaveDeputy>();
        s.AddPipelines();
        s.AddDeals();
        s.AddClients();
        s.AddLeads();
        s.AddNotifications();
        s.AddReports();
        s.AddPlans();
        s.AddSearch();
        s.AddTasks();
        s.AddSegments();
        s.AddActivities();
        s.AddImport();
        s.AddAutomation();
        s.AddDuty();
        s.AddClientBase();
        s.AddPayments();
        return s;
    }

    public static void MapOtdelFeatures(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization();
        api.MapOrganisationApi();
        api.MapAuditApi();
        api.MapPipelinesApi();
        api.MapDealsApi();
        api.MapClientsApi();
        api.MapLeadsApi();
        LeadsApi.MapForms(app);
        api.MapNotificationsApi(app);
        api.MapReportsApi();
        api.MapPlansApi();
        api.MapSearchApi();
        api.MapTasksApi();
        api.MapSegmentsApi();
        api.MapActivitiesApi();
        api.MapImportApi();
        api.MapAutomationApi();
        api.MapDutyApi();
        api.MapClientBaseApi();
        api.MapPaymentsApi();
    }
}
