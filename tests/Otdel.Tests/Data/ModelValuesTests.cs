using Microsoft.EntityFrameworkCore;
using Otdel.Data;

namespace Otdel.Tests.Data;

/// <summary>
/// Every value the model stores has a declared size, so both engines keep exactly what was accepted and refuse the
/// rest alike (OtdelDb checks lengths, scale and dates before saving): every text a maximum length, every decimal a
/// precision and scale.
/// </summary>
public sealed class ModelValuesTests
{
    [Fact]
    public void Every_string_has_a_max_length_and_every_decimal_a_precision_and_scale()
    {
        var dir = Path.Combine(Path.GetTempPath(), "otdel-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        using var db = Database.Open(new DbSettings(dir, "postgres", "Host=127.0.0.1;Database=unused"));
        var missing = new List<string>();
        foreach (var entity in db.Model.GetEntityTypes())
            foreach (var p in entity.GetProperties())
            {
                var type = p.GetValueConverter()?.ProviderClrType ?? p.ClrType;
                if (type == typeof(string) && p.GetMaxLength() is null) missing.Add($"{entity.GetTableName()}.{p.GetColumnName()}: no max length");
                if ((Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType) == typeof(decimal) && (p.GetPrecision() is null || p.GetScale() is null))
                    missing.Add($"{entity.GetTableName()}.{p.GetColumnName()}: no precision/scale");
            }
        Assert.Empty(missing);
    }
}
