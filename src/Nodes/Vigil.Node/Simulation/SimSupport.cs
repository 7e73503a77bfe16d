using System.Globalization;
using System.Text;

namespace Vigil.Node.Simulation;

/// <summary>One item of a sensor's generated stream: a reading line, or a label that becomes known at <see cref="Ms"/>.</summary>
internal readonly record struct SimItem(long Ms, string? Json, string? Label);

/// <summary>What every scene needs: the run's clock, length and rates.</summary>
internal sealed class SimContext(DateTimeOffset start, long durationMs, double hazardsPerHour, int seed)
{
    public DateTimeOffset Start { get; } = start;
    public long DurationMs { get; } = durationMs;
    public double HazardsPerHour { get; } = hazardsPerHour;
    public int Seed { get; } = seed;

    /// <summary>Events end at least this long before the end of the run, so each label is complete.</summary>
    public const long EndMarginMs = 5_000;

    public DateTimeOffset At(long ms) => Start.AddMilliseconds(ms);

    public string Iso(long ms) => Json.Iso(At(ms));

    /// <summary>An independent random stream per scene, so one scene's draws never shift another's.</summary>
    public Random Rng(int salt) => new(unchecked(Seed * 1_000_003 + salt * 7_919 + 17));

    /// <summary>
    /// Start times of injected episodes: one per slot of 1 h / rate (at least the episode's length plus margins), placed at
    /// random inside its slot so that an episode of up to <paramref name="maxLenMs"/> fits in the slot and ends before the run does.
    /// </summary>
    public List<long> Schedule(Random r, double perHour, long maxLenMs, long marginMs = 10_000)
    {
        var starts = new List<long>();
        if (perHour <= 0) return starts;
        // Episodes of one type on one sensor never overlap: a rate too high for the episode's length is capped.
        var slot = Math.Max(maxLenMs + 2 * marginMs, (long)(3_600_000 / perHour));
        for (long s = 0; s < DurationMs; s += slot)
        {
            var end = Math.Min(s + slot, DurationMs - EndMarginMs);
            var room = end - s - 2 * marginMs - maxLenMs;
            if (room < 0) continue;
            starts.Add(s + marginMs + (long)(r.NextDouble() * room));
        }
        return starts;
    }

    public string Label(string hazard, string sensor, string? subject, long from, long? onset, long to, double? kmh = null)
    {
        var sb = new StringBuilder(200);
        sb.Append("{\"hazard\":");
        Json.Str(sb, hazard);
        sb.Append(",\"sensor\":");
        Json.Str(sb, sensor);
        if (subject is not null)
        {
            sb.Append(",\"subject\":");
            Json.Str(sb, subject);
        }
        sb.Append(",\"from\":\"").Append(Iso(from)).Append('"');
        if (onset is { } o) sb.Append(",\"onset\":\"").Append(Iso(o)).Append('"');
        sb.Append(",\"to\":\"").Append(Iso(to)).Append('"');
        if (kmh is { } k) sb.Append(",\"kmh\":").Append(Json.F1(k));
        sb.Append('}');
        return sb.ToString();
    }

    /// <summary>The start of a reading line: <c>{"type":"reading","t":"…","sensor":"…",</c>.</summary>
    public StringBuilder Reading(long ms, string sensor, int capacity = 256)
    {
        var sb = new StringBuilder(capacity);
        sb.Append("{\"type\":\"reading\",\"t\":\"").Append(Iso(ms)).Append("\",\"sensor\":");
        Json.Str(sb, sensor);
        sb.Append(',');
        return sb;
    }
}

/// <summary>Tiny JSON writing helpers: the simulator writes its lines by hand, in a fixed field order.</summary>
internal static class Json
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Iso(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", Inv);

    public static string F1(double v) => Clean(v).ToString("0.0", Inv);
    public static string F2(double v) => Clean(v).ToString("0.00", Inv);
    public static string I(double v) => ((long)Math.Round(v)).ToString(Inv);

    /// <summary>Avoids "-0.0".</summary>
    private static double Clean(double v) => Math.Abs(v) < 0.005 ? 0 : v;

    public static void Str(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case < ' ': sb.Append("\\u").Append(((int)c).ToString("x4", Inv)); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }

    public static string Bool(bool b) => b ? "true" : "false";
}

internal static class RandomExtensions
{
    public static double Uniform(this Random r, double min, double max) => min + (max - min) * r.NextDouble();

    public static long UniformMs(this Random r, double minS, double maxS) => (long)Math.Round(r.Uniform(minS, maxS) * 1000);

    public static bool Chance(this Random r, double p) => r.NextDouble() < p;

    /// <summary>Normal noise (Box–Muller).</summary>
    public static double Gaussian(this Random r, double sigma)
    {
        var u1 = 1.0 - r.NextDouble();
        var u2 = r.NextDouble();
        return sigma * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public static T Pick<T>(this Random r, IReadOnlyList<T> items) => items[r.Next(items.Count)];
}
