using System.Globalization;
using System.Text.RegularExpressions;

namespace Vigil.Node.Ingest;

/// <summary>
/// Strict ISO-8601 / RFC 3339 date-times that must carry an offset. DateTimeOffset.Parse would accept
/// "3/2/2026" and silently assume the machine's zone, which breaks replays run elsewhere.
/// </summary>
internal static partial class IsoTime
{
    // [0-9], not \d: \d also matches other scripts' digits.
    [GeneratedRegex(@"^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]{1,9}))?)?(?:([Zz])|([+-])([0-9]{2})(?::?([0-9]{2}))?)?$")]
    private static partial Regex Pattern();

    /// <summary>Parses <paramref name="text"/>, or says why not (the problem reads after the field path).</summary>
    public static bool TryParse(string text, out DateTimeOffset value, out string? problem)
    {
        value = default;
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            problem = $"{Json.Quote(text)} is not an ISO-8601 time such as 2026-03-02T08:00:00.040Z";
            return false;
        }
        var g = match.Groups;
        if (!g[8].Success && !g[9].Success)
        {
            problem = $"'{text}' has no offset; write Z or ±hh:mm so the time means the same everywhere";
            return false;
        }

        var fraction = g[7].Success ? g[7].Value : "";
        // DateTime holds 7 digits (100 ns); nanosecond writers' last two digits are dropped.
        var ticks = fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(7, '0')[..7], CultureInfo.InvariantCulture);
        var offset = TimeSpan.Zero;
        if (g[9].Success)
        {
            var hours = Int(g[10]);
            var minutes = g[11].Success ? Int(g[11]) : 0;
            if (hours > 14 || minutes > 59 || (hours == 14 && minutes > 0))
            {
                problem = $"'{text}' has an offset outside ±14:00";
                return false;
            }
            offset = new TimeSpan(hours, minutes, 0);
            if (g[9].Value == "-") offset = -offset;
        }

        try
        {
            var local = new DateTime(Int(g[1]), Int(g[2]), Int(g[3]), Int(g[4]), Int(g[5]), g[6].Success ? Int(g[6]) : 0, DateTimeKind.Unspecified);
            value = new DateTimeOffset(local.AddTicks(ticks), offset);
            problem = null;
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            problem = $"'{text}' is not a valid date and time";
            return false;
        }
    }

    private static int Int(Group group) => int.Parse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture);
}
