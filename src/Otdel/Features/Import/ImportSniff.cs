using System.Text;
using System.Text.RegularExpressions;

namespace Otdel.Features.Import;

/// <summary>What a file really is, whatever its name says.</summary>
public enum SourceKind { Csv, Excel, Html }

/// <summary>
/// Tells a file's kind and text encoding from its first bytes, not its name: Russian CRMs (Bitrix24, 1C) save HTML
/// tables as «.xls» and CSVs in Windows-1251, and people rename files.
/// </summary>
public static partial class ImportSniff
{
    /// <summary>How much of a file is looked at: enough for a header and many rows, little enough to keep in memory.</summary>
    public const int PrefixSize = 64 * 1024;

    static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];
    static readonly byte[] Ole2 = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>The first bytes of the stream, and a stream that reads from the start again (rewound, or the prefix replayed).</summary>
    public static (byte[] Head, Stream Whole) Peek(Stream stream)
    {
        var head = new byte[PrefixSize];
        var start = stream.CanSeek ? stream.Position : 0;
        var n = 0;
        while (n < head.Length)
        {
            var read = stream.Read(head, n, head.Length - n);
            if (read == 0) break;
            n += read;
        }
        Array.Resize(ref head, n);
        if (stream.CanSeek)
        {
            stream.Position = start;
            return (head, stream);
        }
        return (head, new ReplayStream(head, stream));
    }

    public static SourceKind Kind(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(Zip) || head.StartsWith(Ole2)) return SourceKind.Excel;
        var bom = Bom(head);
        if (bom is null && LooksBinary(head)) throw new ImportProblem("Import.File.Unreadable");
        var text = (bom ?? Encoding.Latin1).GetString(head[(bom?.Preamble.Length ?? 0)..]).TrimStart();
        return text.StartsWith('<') && text.Contains("<table", StringComparison.OrdinalIgnoreCase) ? SourceKind.Html : SourceKind.Csv;
    }

    /// <summary>A byte-order mark wins; then, for HTML, its meta charset; then UTF-8 if the bytes are valid UTF-8; else Windows-1251.</summary>
    public static Encoding TextEncoding(ReadOnlySpan<byte> head, bool complete, bool html)
    {
        if (Bom(head) is { } bom) return bom;
        if (html && MetaCharset(head) is { } meta) return meta;
        if (IsUtf8(head, complete)) return new UTF8Encoding(false);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1251);
    }

    static Encoding? Bom(ReadOnlySpan<byte> head) => head switch
    {
        [0xEF, 0xBB, 0xBF, ..] => new UTF8Encoding(true),
        [0xFF, 0xFE, ..] => new UnicodeEncoding(false, true),
        [0xFE, 0xFF, ..] => new UnicodeEncoding(true, true),
        _ => null,
    };

    /// <summary>Text has no NUL bytes and few control characters; random or binary data has many.</summary>
    static bool LooksBinary(ReadOnlySpan<byte> head)
    {
        if (head.Contains((byte)0)) return true;
        var controls = 0;
        foreach (var b in head)
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0D or 0x0C) || b == 0x7F) controls++;
        return controls * 20 > head.Length;
    }

    /// <summary>Valid UTF-8; a sequence cut by the end of an incomplete prefix is not held against it.</summary>
    static bool IsUtf8(ReadOnlySpan<byte> head, bool complete)
    {
        try
        {
            new UTF8Encoding(false, true).GetDecoder().GetCharCount(head, flush: complete);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    static Encoding? MetaCharset(ReadOnlySpan<byte> head)
    {
        var match = Meta().Match(Encoding.Latin1.GetString(head));
        if (!match.Success) return null;
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        try
        {
            var e = Encoding.GetEncoding(match.Groups[1].Value);
            return e.CodePage == 65001 ? new UTF8Encoding(false) : e;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    // <meta charset="…"> and <meta http-equiv="Content-Type" content="text/html; charset=…">
    [GeneratedRegex(@"<meta[^>]*?charset\s*=\s*[""']?([A-Za-z0-9_\-:.]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Meta();

    /// <summary>A stream that cannot rewind: the bytes already read, then the rest.</summary>
    sealed class ReplayStream(byte[] head, Stream rest) : Stream
    {
        int at;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (at < head.Length)
            {
                var n = Math.Min(count, head.Length - at);
                Array.Copy(head, at, buffer, offset, n);
                at += n;
                return n;
            }
            return rest.Read(buffer, offset, count);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
