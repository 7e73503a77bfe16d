namespace Vigil.Node.Auth;

/// <summary>The roles a user or API key has, and what each may do.</summary>
public static class Roles
{
    /// <summary>Reads everything: alarms, plant, trends.</summary>
    public const string Viewer = "viewer";

    /// <summary>A viewer who also handles alarms (acknowledge, dispatch, resolve).</summary>
    public const string Operator = "operator";

    /// <summary>An operator who also manages sensors, zones, users, keys and the patrol roster.</summary>
    public const string Admin = "admin";

    /// <summary>A device or integration key that only posts readings.</summary>
    public const string Device = "device";

    public static readonly string[] All = [Viewer, Operator, Admin, Device];

    /// <summary>True when <paramref name="role"/> meets <paramref name="need"/>.</summary>
    public static bool Allows(string role, Need need) => need switch
    {
        Need.Anonymous => true,
        Need.Ingest => role is Device or Admin,
        _ => Rank(role) >= (int)need,
    };

    private static int Rank(string role) => role switch
    {
        Viewer => (int)Need.Viewer,
        Operator => (int)Need.Operator,
        Admin => (int)Need.Admin,
        _ => 0,
    };
}

/// <summary>What a request needs. Viewer, Operator and Admin are ranked; Ingest is posting readings (device or admin keys).</summary>
public enum Need
{
    Anonymous = 0,
    Viewer = 1,
    Operator = 2,
    Admin = 3,
    Ingest = 10,
}

/// <summary>Who made a request: a signed-in user or an API key's name, with its role.</summary>
public sealed record Caller(string Name, string Role, string Via)
{
    public const string Session = "session";
    public const string Key = "key";
}
