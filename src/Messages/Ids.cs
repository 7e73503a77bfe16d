using System.Text.RegularExpressions;

namespace Vigil.Messages;

/// <summary>Rules for sensor, zone and alarm ids: they travel in URLs, topics and persistence ids.</summary>
public static partial class Ids
{
    public const int MaxLength = 64;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")]
    private static partial Regex IdPattern();

    public static bool IsValid(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>Why an id is unusable, or null when it is fine.</summary>
    public static string? Problem(string? id, string what) =>
        id is null || id.Length == 0 ? $"{what} is required"
        : id.Length > MaxLength ? $"{what} is longer than {MaxLength} characters"
        : IsValid(id) ? null
        : $"{what} '{id}' may hold only letters, digits, '_', '.', ':' and '-', and must start with a letter or digit";

    /// <summary>Alarm ids embed their zone so a command can be routed without a lookup: <c>zone/a-000017</c> is not URL-safe, so <c>a-000017@zone</c>.</summary>
    public static string AlarmId(string zoneId, long sequence) => $"a-{sequence:D6}@{zoneId}";

    public static bool TryZoneOfAlarm(string alarmId, out string zoneId)
    {
        var at = alarmId.IndexOf('@');
        zoneId = at > 0 ? alarmId[(at + 1)..] : "";
        return at > 0 && IsValid(zoneId);
    }
}
