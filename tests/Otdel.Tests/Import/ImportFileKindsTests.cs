using System.Net;
using System.Text;
using Otdel.Features.Deals;
using Otdel.Features.Import;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Import;

/// <summary>
/// Bitrix24's «Экспорт в Excel» as it really is — an HTML table in Windows-1251 named «.xls» — imported through the API on
/// both engines, the Cyrillic of its cells kept.
/// </summary>
public abstract class ImportFileKindsTests(TestApp app)
{
    [Fact]
    public async Task An_HTML_table_saved_as_xls_in_windows_1251_imports_its_deals()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("closer");
        var pipeline = await head.NewPipelineAsync("simple", "Продажи " + dep.Tag);
        var html = $"""
            <html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body>
            <table border="1"><tr><th>Направление</th><th>Статус</th><th>Ответственный</th><th>Название сделки</th><th>Сумма</th></tr>
            <tr><td>{pipeline.Name}</td><td>open</td><td>{seller.Email}</td><td>Станки для «Ромашки» {dep.Tag}</td><td>1250000</td></tr>
            <tr><td>{pipeline.Name}</td><td>open</td><td>{seller.Email}</td><td>Фрезы {dep.Tag}</td><td>300000</td></tr>
            </table></body></html>
            """;
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.GetEncoding(1251).GetBytes(html)), "file", "DEAL_20250301.xls" },
            { new StringContent("""
                {"columns": {"Направление": "pipeline", "Статус": "status", "Ответственный": "owner", "Название сделки": "title", "Сумма": "amount"}}
                """), "mapping" },
        };
        var result = await Expect<ImportResultView>(await head.PostAsync("/api/v1/import/deals", form), HttpStatusCode.OK);
        Assert.Equal((2, 2, 0), (result.Rows, result.Imported, result.Rejected));

        var deals = await head.GetJson<ImportDealsTests.DealList>($"/api/v1/deals?pipelineId={pipeline.Id}&limit=50");
        Assert.Equal(["Станки для «Ромашки» " + dep.Tag, "Фрезы " + dep.Tag], deals.Items.Select(d => d.Title).Order().ToArray());
    }
}

[Collection("sqlite")]
public sealed class ImportFileKindsTests_Sqlite(SqliteApp app) : ImportFileKindsTests(app);

[Collection("postgres")]
public sealed class ImportFileKindsTests_Postgres(PostgresApp app) : ImportFileKindsTests(app);
