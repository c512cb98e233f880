namespace Otdel.Features.Account;

/// <summary>Anchor of this capability's texts (AccountText.resx, AccountText.ru.resx): keys Login.*.</summary>
public sealed class AccountText;
