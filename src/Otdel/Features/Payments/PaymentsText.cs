namespace Otdel.Features.Payments;

/// <summary>Anchor of this capability's texts (PaymentsText.resx, PaymentsText.ru.resx): keys Payments.*.</summary>
public sealed class PaymentsText;
