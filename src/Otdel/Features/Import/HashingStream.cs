using System.Security.Cryptography;

namespace Otdel.Features.Import;

/// <summary>
/// Hands a file to its reader and feeds SHA-256 on the way, each byte once and in order, so the file's hash costs no
/// second read. Bytes a reader reads again after seeking back (the kind sniffing, Excel's zip) are not hashed twice;
/// what it never read is hashed by <see cref="Finish"/>. Works on streams that cannot seek (an upload) too.
/// </summary>
public sealed class HashingStream(Stream inner) : Stream
{
    readonly IncrementalHash sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    long hashed;
    long read;

    /// <summary>Bytes the reader has taken so far (the position in a file that can seek).</summary>
    public long BytesRead => inner.CanSeek ? inner.Position : read;

    public override bool CanRead => true;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.Length;

    public override long Position
    {
        get => BytesRead;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var at = BytesRead;
        var n = inner.Read(buffer);
        Take(at, buffer[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        var at = BytesRead;
        var n = await inner.ReadAsync(buffer, ct);
        Take(at, buffer.Span[..n]);
        return n;
    }

    /// <summary>Only bytes that carry the hash on from where it stands: a read after a seek forward or back adds nothing.</summary>
    void Take(long at, ReadOnlySpan<byte> bytes)
    {
        read += bytes.Length;
        var end = at + bytes.Length;
        if (at > hashed || end <= hashed) return;
        sha.AppendData(bytes[(int)(hashed - at)..]);
        hashed = end;
    }

    /// <summary>The file's SHA-256 in lower-case hex, after reading (and hashing) whatever the reader left.</summary>
    public string Finish()
    {
        if (inner.CanSeek) inner.Position = hashed;
        var buffer = new byte[81920];
        while (Read(buffer) > 0) { }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) sha.Dispose();
        base.Dispose(disposing);
    }
}
