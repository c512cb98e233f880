using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Otdel.Features.Import;

/// <summary>
/// Rows in PostgreSQL's binary COPY format (its documentation's "Binary Format": a signature, then per row a field count and
/// per field a length and the value as the type's binary receive function reads it), written into Npgsql's raw copy stream.
/// Written by hand because Npgsql's typed importer binds a parameter for every value (resolve the converter, bind, size,
/// write): a million deals and their three million stage visits are 54 million values, and the import's writer spent 15 s
/// of a 24 s row phase there while PostgreSQL needed 9 s to take the same rows from a file. The eight types are the ones the
/// importer writes; any other is refused rather than guessed (decision 0014).
/// </summary>
public sealed class PgCopyRows
{
    static readonly long EpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    static readonly int EpochDay = new DateOnly(2000, 1, 1).DayNumber;
    /// <summary>The signature, no flags, no header extension.</summary>
    static ReadOnlySpan<byte> Header => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0,
        0, 0, 0, 0, 0, 0, 0, 0];

    readonly byte[] buffer;
    readonly Stream output;
    int at;

    PgCopyRows(byte[] buffer, Stream output)
    {
        this.buffer = buffer;
        this.output = output;
    }

    public static async Task WriteAsync(NpgsqlConnection pg, string copySql, NpgsqlDbType[] types, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            await using var raw = await pg.BeginRawBinaryCopyAsync(copySql, ct);
            try
            {
                // Synchronous writes into the stream's buffer: an await per chunk of 64 KiB would be harmless, per value it was not.
                var w = new PgCopyRows(buffer, raw);
                w.Bytes(Header);
                foreach (var row in rows)
                {
                    w.Room(2);
                    w.Int16((short)types.Length);
                    for (var i = 0; i < types.Length; i++) w.Value(row[i], types[i]);
                }
                w.Room(2);
                w.Int16(-1);
                w.Flush();
            }
            catch
            {
                // Disposing the stream would end the COPY and keep what was sent; cancelling discards it.
                await raw.CancelAsync();
                throw;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    void Value(object? v, NpgsqlDbType type)
    {
        if (v is null)
        {
            Room(4);
            Int32(-1);
            return;
        }
        switch (type)
        {
            case NpgsqlDbType.Bigint:
                Room(12);
                Int32(8);
                Int64(v is long l ? l : Convert.ToInt64(v, CultureInfo.InvariantCulture));
                break;
            case NpgsqlDbType.Integer:
                Room(8);
                Int32(4);
                Int32(v is int i ? i : Convert.ToInt32(v, CultureInfo.InvariantCulture));
                break;
            case NpgsqlDbType.Boolean:
                Room(5);
                Int32(1);
                buffer[at++] = (bool)v ? (byte)1 : (byte)0;
                break;
            case NpgsqlDbType.Double:
                Room(12);
                Int32(8);
                Int64(BitConverter.DoubleToInt64Bits(Convert.ToDouble(v, CultureInfo.InvariantCulture)));
                break;
            case NpgsqlDbType.TimestampTz:
                Room(12);
                Int32(8);
                Int64(Microseconds((DateTime)v));
                break;
            case NpgsqlDbType.Date:
                Room(8);
                Int32(4);
                Int32(Days(v is DateTime dt ? DateOnly.FromDateTime(dt) : (DateOnly)v));
                break;
            case NpgsqlDbType.Varchar or NpgsqlDbType.Text:
                Text((string)v);
                break;
            case NpgsqlDbType.Numeric:
                Numeric(v is decimal m ? m : Convert.ToDecimal(v, CultureInfo.InvariantCulture));
                break;
            default:
                throw new NotSupportedException($"PgCopyRows does not write {type}.");
        }
    }

    /// <summary>
    /// As Npgsql writes a timestamptz: UTC only (the database keeps instants), the minimum and maximum as −infinity and
    /// infinity, microseconds since 2000 rounded toward zero.
    /// </summary>
    static long Microseconds(DateTime t)
    {
        if (t == DateTime.MinValue) return long.MinValue;
        if (t == DateTime.MaxValue) return long.MaxValue;
        if (t.Kind != DateTimeKind.Utc)
            throw new ArgumentException($"A timestamptz is written from a UTC DateTime, not Kind={t.Kind}.");
        return (t.Ticks - EpochTicks) / 10;
    }

    static int Days(DateOnly d) => d == DateOnly.MinValue ? int.MinValue : d == DateOnly.MaxValue ? int.MaxValue : d.DayNumber - EpochDay;

    void Text(string s)
    {
        var most = Encoding.UTF8.GetMaxByteCount(s.Length);
        if (most + 4 <= buffer.Length)
        {
            Room(most + 4);
            var n = Encoding.UTF8.GetBytes(s, buffer.AsSpan(at + 4));
            Int32(n);
            at += n;
            return;
        }
        var bytes = Encoding.UTF8.GetBytes(s);
        Room(4);
        Int32(bytes.Length);
        Flush();
        output.Write(bytes);
    }

    /// <summary>
    /// A numeric is base-10,000 digits with the weight of the first (in digits, from the decimal point), a sign and the
    /// display scale. The decimal's integer mantissa is padded to whole fractional digits and cut into them from the right.
    /// </summary>
    void Numeric(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        var negative = bits[3] < 0;
        var mantissa = new UInt128((uint)bits[2], ((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
        var fractionDigits = (scale + 3) / 4;
        for (var s = scale; s < fractionDigits * 4; s++) mantissa *= 10;
        Span<short> digits = stackalloc short[10]; // 2^96 · 1000 < 10^32: at most eight
        var n = 0;
        while (mantissa != 0)
        {
            digits[n++] = (short)(ulong)(mantissa % 10_000);
            mantissa /= 10_000;
        }
        var low = 0;
        while (low < n && digits[low] == 0) low++;
        var count = n - low;
        Room(12 + 2 * count);
        Int32(8 + 2 * count);
        Int16((short)count);
        Int16((short)(count == 0 ? 0 : n - fractionDigits - 1));
        Int16((short)(negative && count > 0 ? 0x4000 : 0));
        Int16((short)scale);
        for (var i = n - 1; i >= low; i--) Int16(digits[i]);
    }

    void Room(int bytes)
    {
        if (at + bytes > buffer.Length) Flush();
    }

    void Flush()
    {
        output.Write(buffer, 0, at);
        at = 0;
    }

    void Bytes(ReadOnlySpan<byte> b)
    {
        Room(b.Length);
        b.CopyTo(buffer.AsSpan(at));
        at += b.Length;
    }

    void Int16(short v)
    {
        BinaryPrimitives.WriteInt16BigEndian(buffer.AsSpan(at), v);
        at += 2;
    }

    void Int32(int v)
    {
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(at), v);
        at += 4;
    }

    void Int64(long v)
    {
        BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(at), v);
        at += 8;
    }
}
