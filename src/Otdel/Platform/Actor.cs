namespace Otdel.Platform;

/// <summary>Who is acting in this scope and through which channel; the audit history records both.</summary>
public sealed class Actor
{
    public long? UserId { get; set; }
    public string? Name { get; set; }
    public string Channel { get; set; } = "cli";

    public static Actor System => new() { Name = "system", Channel = "system" };
}
