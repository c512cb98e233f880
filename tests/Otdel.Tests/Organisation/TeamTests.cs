using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Otdel.Features.Organisation;
using Otdel.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Otdel.Tests.Organisation;

/// <summary>The Команда section as a head of sales uses it: structure, people, edits, conflicts, history.</summary>
[Collection("browser")]
public sealed class TeamTests(BrowserApp browser)
{
    [Fact]
    public async Task Head_creates_a_team_adds_a_person_to_it_sees_the_tree_and_switches_to_English_and_back()
    {
        var dep = await browser.App.NewDepartmentAsync();
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, dep.HeadEmail);

        await page.ClickAsync(".sidebar a[href='/team']");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Команда");
        await page.ClickAsync("#new-team");
        await page.FillAsync("#Name", "Новые продажи");
        await page.SelectOptionAsync("#LeadId", dep.HeadId.ToString());
        await page.ClickAsync("#team-form button[type=submit]");
        await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Команда «Новые продажи» создана");
        var team = page.Locator(".org-team", new() { HasText = "Новые продажи" });
        await Expect(team.Locator(".person", new() { HasText = "Руководитель " + dep.Tag })).ToContainTextAsync("Руководитель команды");

        await page.ClickAsync("#new-person");
        await page.FillAsync("#Input_FullName", "Мария Андреевна Лебедева");
        await page.FillAsync("#Input_Email", $"lebedeva-{dep.Tag}@test.otdel");
        await page.SelectOptionAsync("#Input_Position", "hunter");
        await page.SelectOptionAsync("#Input_TeamId", new SelectOptionValue { Label = "Новые продажи" });
        await page.SelectOptionAsync("#Input_ManagerId", dep.HeadId.ToString());
        await page.FillAsync("#Input_Password", "password-123");
        await page.ClickAsync("#person-form button[type=submit]");

        await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Мария Андреевна Лебедева");
        var maria = team.Locator(".person", new() { HasText = "Мария Андреевна Лебедева" });
        await Expect(maria).ToContainTextAsync("Хантер");
        await Expect(maria.Locator(".avatar")).ToHaveTextAsync("МЛ");
        await Expect(maria).ToContainTextAsync("подчиняется: Руководитель " + dep.Tag);

        await page.ClickAsync(".tabs a[href='/team?view=lines']");
        await Expect(page.Locator($"#line-{dep.HeadId} #line-{await browser.App.UserIdAsync($"lebedeva-{dep.Tag}@test.otdel")}")).ToBeVisibleAsync();

        await page.ClickAsync(".lang a:text('EN')");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Team");
        await Expect(page.Locator(".tabs a.on")).ToHaveTextAsync("Reporting lines");
        await page.ClickAsync(".tabs a[href='/team']");
        await Expect(page.Locator(".org-team", new() { HasText = "Новые продажи" })).ToContainTextAsync("Hunter");
        await BrowserApp.ScreenshotAsync(page, "team-tree-en");

        await page.ClickAsync(".lang a:text('RU')");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Команда");
        await Expect(page.Locator(".org-team", new() { HasText = "Новые продажи" })).ToContainTextAsync("Хантер");
        await BrowserApp.ScreenshotAsync(page, "team-tree");
    }

    [Fact]
    public async Task Bad_input_shows_the_message_next_to_the_field_and_keeps_what_was_typed()
    {
        var dep = await browser.App.NewDepartmentAsync();
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync("/team/users/new");

        await page.FillAsync("#Input_FullName", "Игорь Николаевич Кузнецов");
        await page.FillAsync("#Input_Email", "kuznetsov-at-company");
        await page.FillAsync("#Input_Segment", "Москва");
        await page.FillAsync("#Input_Password", "short");
        await page.ClickAsync("#person-form button[type=submit]");

        await Expect(page.Locator("#Email-error")).ToHaveTextAsync("Введите корректный адрес эл. почты.");
        await Expect(page.Locator("#Position-error")).ToHaveTextAsync("Заполните это поле.");
        await Expect(page.Locator("#Password-error")).ToContainTextAsync("не короче 8 символов");
        await Expect(page.Locator("#Input_Email")).ToHaveClassAsync(new Regex("invalid"));
        await Expect(page.Locator("#FullName-error")).ToBeEmptyAsync();
        // htmx swapped the form only: the URL is the same and what was typed is still there.
        Assert.EndsWith("/team/users/new", page.Url);
        await Expect(page.Locator("#Input_FullName")).ToHaveValueAsync("Игорь Николаевич Кузнецов");
        await Expect(page.Locator("#Input_Email")).ToHaveValueAsync("kuznetsov-at-company");
        await Expect(page.Locator("#Input_Segment")).ToHaveValueAsync("Москва");
        await BrowserApp.ScreenshotAsync(page, "team-new-person-errors");

        await page.FillAsync("#Input_Email", $"kuznetsov-{dep.Tag}@test.otdel");
        await page.SelectOptionAsync("#Input_Position", "closer");
        await page.FillAsync("#Input_Password", "password-123");
        await page.ClickAsync("#person-form button[type=submit]");
        await Expect(page.Locator(".org-dept .person", new() { HasText = "Игорь Николаевич Кузнецов" })).ToContainTextAsync("Клоузер");
    }

    [Fact]
    public async Task A_stale_edit_says_someone_else_changed_the_person_and_a_second_save_goes_through()
    {
        var dep = await browser.App.NewDepartmentAsync();
        var (id, _, _) = await dep.AddPersonAsync("closer", name: "Елена Викторовна Морозова");
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync($"/team/users/{id}");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Елена Викторовна Морозова");

        // Meanwhile someone renames her through the API.
        var api = browser.App.Client(dep.HeadToken);
        var current = await api.GetJson<UserView>($"/api/v1/users/{id}");
        (await api.PatchAsJsonAsync($"/api/v1/users/{id}", new { fullName = "Елена Морозова-Смирнова", version = current.Version })).EnsureSuccessStatusCode();

        await page.FillAsync("#Input_Segment", "Санкт-Петербург");
        await page.ClickAsync("#save-person");
        await Expect(page.Locator(".alert.stale")).ToContainTextAsync("Запись уже изменил кто-то другой");
        await Expect(page.Locator(".theirs")).ToContainTextAsync("ФИО: Елена Морозова-Смирнова");
        await Expect(page.Locator("#Input_Segment")).ToHaveValueAsync("Санкт-Петербург");
        await BrowserApp.ScreenshotAsync(page, "team-person-stale");

        await page.FillAsync("#Input_FullName", "Елена Морозова-Смирнова");
        await page.ClickAsync("#save-person");
        await Expect(page.Locator(".alert.ok")).ToHaveTextAsync("Сохранено.");
        var saved = await api.GetJson<UserView>($"/api/v1/users/{id}");
        Assert.Equal(("Елена Морозова-Смирнова", "Санкт-Петербург"), (saved.FullName, saved.Segment));
    }

    [Fact]
    public async Task The_person_page_shows_the_audit_history_of_a_change_made_in_the_UI()
    {
        var dep = await browser.App.NewDepartmentAsync();
        var (id, _, _) = await dep.AddPersonAsync("hunter", name: "Сергей Александрович Новиков");
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync($"/team/users/{id}");

        await page.SelectOptionAsync("#Input_Position", "closer");
        await page.ClickAsync("#save-person");
        await Expect(page.Locator(".alert.ok")).ToHaveTextAsync("Сохранено.");
        await Expect(page.Locator(".profile-sub")).ToContainTextAsync("Клоузер");

        var row = page.Locator("#history tbody tr", new() { HasText = "Должность" });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator(".was")).ToHaveTextAsync("Хантер");
        await Expect(row.Locator(".became")).ToHaveTextAsync("Клоузер");
        await Expect(row).ToContainTextAsync("Руководитель " + dep.Tag);
        await Expect(row.Locator(".channel")).ToHaveTextAsync("интерфейс");
        await Expect(page.Locator("#history tbody tr").Last).ToContainTextAsync("Сотрудник добавлен");
        await BrowserApp.ScreenshotAsync(page, "team-person-history");
    }

    [Fact]
    public async Task A_deputy_with_dates_in_the_wrong_order_is_refused_next_to_the_field_then_shows_as_acting()
    {
        var dep = await browser.App.NewDepartmentAsync();
        var (closer, _, _) = await dep.AddPersonAsync("closer", name: "Дмитрий Игоревич Волков");
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync($"/team/users/{dep.HeadId}");

        var today = DateTime.UtcNow.Date;
        await page.ClickAsync(".add-deputy summary");
        await page.SelectOptionAsync("#NewDeputy_DeputyId", closer.ToString());
        await page.FillAsync("#NewDeputy_From", today.ToString("yyyy-MM-dd"));
        await page.FillAsync("#NewDeputy_To", today.AddDays(-3).ToString("yyyy-MM-dd"));
        await page.FillAsync("#NewDeputy_Reason", "Отпуск");
        await page.ClickAsync("#add-deputy");
        await Expect(page.Locator("#deputy-form")).ToContainTextAsync("Дата окончания раньше даты начала.");
        await Expect(page.Locator("#NewDeputy_Reason")).ToHaveValueAsync("Отпуск");

        await page.FillAsync("#NewDeputy_To", today.AddDays(10).ToString("yyyy-MM-dd"));
        await page.ClickAsync("#add-deputy");
        await Expect(page.Locator("table.deputies")).ToContainTextAsync("Дмитрий Игоревич Волков");
        await Expect(page.Locator(".profile-tags")).ToContainTextAsync("Сейчас замещает: Дмитрий Игоревич Волков");

        await page.GotoAsync("/team");
        await Expect(page.Locator($"#person-{closer}")).ToContainTextAsync("замещает: Руководитель " + dep.Tag);
        await BrowserApp.ScreenshotAsync(page, "team-deputy");
    }
}
