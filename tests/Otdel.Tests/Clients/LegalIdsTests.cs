using Otdel.Features.Clients;

namespace Otdel.Tests.Clients;

/// <summary>INN and KPP as the tax service issues them, and the keys duplicates are found by.</summary>
public sealed class LegalIdsTests
{
    [Theory]
    [InlineData("7707083893")] // an organisation: one check digit
    [InlineData("7712345671")]
    [InlineData("500123456750")] // a person or sole trader: two check digits
    public void A_real_INN_passes(string inn) => Assert.True(LegalIds.IsInn(inn));

    [Theory]
    [InlineData("7707083894")] // wrong check digit
    [InlineData("500123456751")] // second check digit wrong
    [InlineData("500123456760")] // first check digit wrong
    [InlineData("77070838")] // too short
    [InlineData("77070838931")] // 11 digits
    [InlineData("77O7083893")] // a letter O
    [InlineData("")]
    public void A_wrong_INN_is_refused(string inn) => Assert.False(LegalIds.IsInn(inn));

    [Theory]
    [InlineData("773601001", true)]
    [InlineData("7736AB001", true)] // the reason part may be capital Latin letters
    [InlineData("77360100", false)]
    [InlineData("7736ab001", false)]
    [InlineData("773601O01", false)]
    public void A_KPP_is_nine_characters_of_its_form(string kpp, bool ok) => Assert.Equal(ok, LegalIds.IsKpp(kpp));

    [Theory]
    [InlineData("ООО «Ромашка»", "ромашка")]
    [InlineData("Ромашка, ооо", "ромашка")]
    [InlineData("  АО \"Ёлки-Палки\" ", "елки палки")]
    [InlineData("Romashka LLC", "romashka")]
    public void A_name_is_matched_without_case_quotes_and_legal_form(string name, string key) => Assert.Equal(key, Client.MatchKeyOf(name));

    [Theory]
    [InlineData("8 (916) 123-45-67", "9161234567")]
    [InlineData("+7 916 123 45 67", "9161234567")]
    [InlineData("9161234567", "9161234567")]
    public void A_phone_typed_any_way_has_one_key(string phone, string key) => Assert.Equal(key, Client.PhoneKeyOf(phone));
}
