using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Otdel.Features.Reports;
using Otdel.Resources;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Reports;

/// <summary>Time in stage reads as working days and hours («2 раб. дн. 3 ч»), in the app's own texts, in Russian and English.</summary>
[Collection("sqlite")]
public sealed class WorkingTimeTests(SqliteApp app)
{
    [Theory]
    [InlineData(21.0, 9, "2 раб. дн. 3 ч", "2 work days 3 h")]
    [InlineData(9.0, 9, "1 раб. дн.", "1 work day")]
    [InlineData(8.6, 9, "1 раб. дн.", "1 work day")]
    [InlineData(5.2, 9, "5 ч", "5 h")]
    [InlineData(0.6667, 9, "40 мин", "40 min")]
    [InlineData(0.0, 9, "0 ч", "0 h")]
    [InlineData(16.0, 8, "2 раб. дн.", "2 work days")]
    [InlineData(9000.0, 9, "1 000 раб. дн.", "1,000 work days")]
    public void Working_hours_read_as_working_days_and_hours(double hours, double perDay, string ru, string en)
    {
        var t = app.App.Services.GetRequiredService<IStringLocalizer<Text>>();
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ru-RU");
            Assert.Equal(ru, WorkingTime.Format(hours, perDay, t).Replace('\u00A0', ' ').Replace('\u202F', ' '));
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-US");
            Assert.Equal(en, WorkingTime.Format(hours, perDay, t));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, ui);
        }
    }
}
