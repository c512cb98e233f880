using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Otdel.Features.Import;

/// <summary>
/// The external ids an import knows (in the database, or earlier in the file) → their record's id, by a 64-bit hash of
/// the id: about 28 bytes an id instead of the 70 a set of strings takes, so memory stays nearly flat as the file grows.
/// A hit is confirmed against the database by the record's id (the primary key, never set aside by
/// <see cref="BulkIndexes"/>); two ids sharing a hash (about one chance in 10^7 for a million ids) make the second look new.
/// </summary>
public sealed class ExternalIds
{
    /// <summary>Seen earlier in this file, its record not yet written.</summary>
    public const long Queued = 0;

    readonly Dictionary<ulong, long> ids = [];

    public int Count => ids.Count;

    /// <summary>
    /// Sizes the map for about this many ids at once. Grown by doubling, it held its old and new arrays together at each
    /// step, and the old ones stayed until the next full collection — rare now that rows die young.
    /// </summary>
    public void Expect(long count) => ids.EnsureCapacity((int)Math.Clamp(count, 0, 20_000_000));

    public void Set(string externalId, long id) => ids[Hash(externalId)] = id;

    public bool TryGet(string externalId, out long id) => ids.TryGetValue(Hash(externalId), out id);

    /// <summary>By a hash taken once per row (<see cref="Hash"/>): a million rows hash their ids once, not three times.</summary>
    public void Set(ulong hash, long id) => ids[hash] = id;

    public bool TryGet(ulong hash, out long id) => ids.TryGetValue(hash, out id);

    /// <summary>XxHash64 over the id's UTF-16 units: stable across processes (string.GetHashCode is not) and cheap.</summary>
    public static ulong Hash(string s) => XxHash64.HashToUInt64(MemoryMarshal.AsBytes(s.AsSpan()));
}
