using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Otdel.Data;

namespace Otdel.Platform;

/// <summary>Bearer API tokens: "otd_" + 32 random bytes, looked up by SHA-256 (the token itself is never stored).</summary>
public sealed class TokenAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, OtdelDb db)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Name = "Token";
    /// <summary>Where the access version read with the token waits for <see cref="Access"/>.</summary>
    public const string VersionKey = "otdel.access-version";

    public static string NewToken() => "otd_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    sealed record TokenUser(long Id, string FullName, long Version);

    /// <summary>
    /// Who holds a live token; the access version rides along, so a request whose access is cached makes no other query
    /// to learn who acts. Compiled once per model (a compiled query serves one; tests run both engines in one process):
    /// every API call runs it, and EF otherwise walked the expression to find its cached plan each time.
    /// </summary>
    static Task<TokenUser?> FindAsync(OtdelDb db, string hash, CancellationToken ct) =>
        Compiled.GetValue(db.Model, _ => Compile())(db, hash, ct);

    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Microsoft.EntityFrameworkCore.Metadata.IModel,
        Func<OtdelDb, string, CancellationToken, Task<TokenUser?>>> Compiled = new();

    static Func<OtdelDb, string, CancellationToken, Task<TokenUser?>> Compile() => EF.CompileAsyncQuery(
        (OtdelDb db, string hash, CancellationToken ct) => db.ApiTokens.AsNoTracking()
            .Where(t => t.Hash == hash && t.RevokedAt == null)
            .Join(db.Users.Where(u => u.IsActive), t => t.UserId, u => u.Id, (t, u) => new TokenUser(u.Id, u.FullName,
                db.CacheVersions.Where(v => v.Name == CacheVersion.Access).Select(v => v.Value).FirstOrDefault()))
            .FirstOrDefault());

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        var hash = Hash(header["Bearer ".Length..].Trim());
        var user = await FindAsync(db, hash, Context.RequestAborted);
        if (user is null) return AuthenticateResult.Fail("Unknown or revoked token.");
        Context.Items[VersionKey] = user.Version;
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()), new Claim(ClaimTypes.Name, user.FullName)], Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Name));
    }
}
