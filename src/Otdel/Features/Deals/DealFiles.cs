using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Deals;

/// <summary>A stored attachment and where its bytes are on disk.</summary>
public sealed record StoredFile(AttachmentView Info, string Path);

/// <summary>
/// Files on a deal card (proposals, contracts, invoices…). Bytes are kept once per content under
/// &lt;data&gt;/files/ab/cdef… (SHA-256), so the same contract uploaded twice takes the space once.
/// </summary>
public sealed class DealFiles(OtdelDb db, Access access, Problems problems, DbSettings settings)
{
    public const long MaxBytes = 20 * 1024 * 1024;

    /// <summary>Allowed types by extension; the content type we serve is ours, not what the browser claimed.</summary>
    public static readonly IReadOnlyDictionary<string, string> Types = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = "application/pdf",
        [".doc"] = "application/msword",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xls"] = "application/vnd.ms-excel",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".txt"] = "text/plain; charset=utf-8",
        [".zip"] = "application/zip",
    };

    public async Task<Outcome<AttachmentView>> AddAsync(long dealId, string? kind, IFormFile? file, CancellationToken ct = default)
    {
        var deal = await db.Deals.VisibleTo(access).AsNoTracking().Where(d => d.Id == dealId).Select(d => new { d.OwnerId }).FirstOrDefaultAsync(ct);
        if (deal is null) return problems.NotFound();
        kind = string.IsNullOrWhiteSpace(kind) ? "other" : kind.Trim();
        if (!Attachment.Kinds.Contains(kind)) return problems.Bad("kind", "Deals.AttachmentKind", string.Join(", ", Attachment.Kinds));
        if (file is null || file.Length == 0) return problems.Bad("file", "Deals.FileRequired");
        if (file.Length > MaxBytes) return problems.Field(413, "file", "Deals.FileTooLarge", MaxBytes / 1024 / 1024);
        var name = Path.GetFileName(file.FileName ?? "").Trim();
        if (name.Length is 0 or > 255 || !Types.TryGetValue(Path.GetExtension(name), out var contentType))
            return problems.Bad("file", "Deals.FileType", "pdf, doc, docx, xls, xlsx, png, jpg, txt, zip");
        if (Inputs.HasControlCharacters(name)) return problems.Bad("file", "Error.ControlChars");

        var sha = await StoreAsync(file, ct);
        var a = new Attachment
        {
            DealId = dealId, Kind = kind, FileName = name, ContentType = contentType, Size = file.Length, Sha256 = sha,
            UploadedById = access.UserId, At = db.UtcNow,
        };
        db.Attachments.Add(a);
        await db.SaveChangesAsync(ct);
        return AttachmentView.Of(a);
    }

    public async Task<List<AttachmentView>> ListAsync(long dealId, CancellationToken ct = default) =>
        (await db.Attachments.VisibleTo(access).AsNoTracking().Where(a => a.DealId == dealId).OrderBy(a => a.Id).ToListAsync(ct)).Select(AttachmentView.Of).ToList();

    public async Task<Outcome<StoredFile>> OpenAsync(long dealId, long attachmentId, CancellationToken ct = default)
    {
        var a = await db.Attachments.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(a => a.Id == attachmentId && a.DealId == dealId, ct);
        if (a is null) return problems.NotFound();
        var path = PathOf(a.Sha256);
        if (!File.Exists(path)) return problems.NotFound();
        return new StoredFile(AttachmentView.Of(a), path);
    }

    string PathOf(string sha) => Path.Combine(settings.DataDir, "files", sha[..2], sha[2..]);

    async Task<string> StoreAsync(IFormFile file, CancellationToken ct)
    {
        var dir = Path.Combine(settings.DataDir, "files");
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, "upload-" + Guid.NewGuid().ToString("N"));
        string sha;
        await using (var output = File.Create(temp))
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            await using var input = file.OpenReadStream();
            var buffer = new byte[81920];
            int n;
            while ((n = await input.ReadAsync(buffer, ct)) > 0)
            {
                hash.AppendData(buffer, 0, n);
                await output.WriteAsync(buffer.AsMemory(0, n), ct);
            }
            sha = Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        var final = PathOf(sha);
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        if (File.Exists(final)) File.Delete(temp);
        else
        {
            try { File.Move(temp, final); }
            catch (IOException) when (File.Exists(final)) { File.Delete(temp); } // the same bytes arrived in parallel
        }
        return sha;
    }
}
