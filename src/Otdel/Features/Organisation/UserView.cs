using Otdel.Platform;

namespace Otdel.Features.Organisation;

public sealed record UserView(long Id, string Email, string FullName, Position Position, long? DepartmentId, long? TeamId,
    long? ManagerId, bool IsActive, string? Language, string? Segment, int Version, DateTime CreatedAt,
    string? TimeZone = null)
{
    public static UserView Of(User u) => new(u.Id, u.Email, u.FullName, u.Position, u.DepartmentId, u.TeamId, u.ManagerId,
        u.IsActive, u.Language, u.Segment, u.Version, u.CreatedAt, u.TimeZone);
}

/// <summary>What a client sends to create or change a person; on PATCH only the fields sent are applied.</summary>
public sealed record UserInput : SentFields
{
    public string? Email { get; init { field = value; Mark(); } }
    public string? FullName { get; init { field = value; Mark(); } }
    public string? Position { get; init { field = value; Mark(); } }
    public long? DepartmentId { get; init { field = value; Mark(); } }
    public long? TeamId { get; init { field = value; Mark(); } }
    public long? ManagerId { get; init { field = value; Mark(); } }
    /// <summary>A new password; changing one's own needs <see cref="CurrentPassword"/>, a head resetting a subordinate's does not.</summary>
    public string? Password { get; init { field = value; Mark(); } }
    public string? CurrentPassword { get; init { field = value; Mark(); } }
    public string? Language { get; init { field = value; Mark(); } }
    public string? Segment { get; init { field = value; Mark(); } }
    /// <summary>An IANA time zone id the person reads times in; null or empty = the department's.</summary>
    public string? TimeZone { get; init { field = value; Mark(); } }
    public bool? IsActive { get; init { field = value; Mark(); } }
    public int? Version { get; init; }
}
