using System.Globalization;
using System.Text.Json;
using Vigil.Node.Ingest;

namespace Vigil.Node.Eval;

/// <summary>One ground-truth line of a labels file (spec: Labels).</summary>
public sealed record Label(string Hazard, string Sensor, string? Subject, DateTimeOffset From, DateTimeOffset Onset, DateTimeOffset To, double? Kmh);

/// <summary>One output hazard as the scorer needs it.</summary>
public sealed record ScoredHazard(string Hazard, string Sensor, string? Subject, DateTimeOffset T, double? Kmh);

/// <summary>The figures of one hazard type (or of all of them).</summary>
public sealed record TypeScore(
    string Hazard, int Labels, int Found, int Captured, int Hazards, int FalseAlarms, int Duplicates,
    double? DelayP50S, double? DelayP95S, double? DelayMaxS)
{
    public double Recall => Labels == 0 ? 1 : (double)Found / Labels;

    /// <summary>Overspeed: found with the right plate and a speed within the tolerance; other types: found.</summary>
    public double CapturedRecall => Labels == 0 ? 1 : (double)Captured / Labels;

    public double Precision => Hazards == 0 ? 1 : (double)(Hazards - FalseAlarms) / Hazards;

    public double DuplicateRate => Hazards == 0 ? 0 : (double)Duplicates / Hazards;
}

/// <summary>
/// Scores output hazards against labels exactly as the replay spec's Labels section says: a label is found by the first
/// hazard (in time order) of the same type and sensor (and subject where the label has one) whose t lies in
/// [from, to + 5 s]; delay is max(0, t − onset); a hazard that finds no label is a false alarm, a second one for a found
/// label a duplicate; an overspeed is captured only when it found its label (so with the right plate) and its kmh is within 3 km/h.
/// </summary>
public static class LabelScorer
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);
    public const double SpeedToleranceKmh = 3.0;

    public static IReadOnlyList<TypeScore> Score(IReadOnlyList<Label> labels, IReadOnlyList<ScoredHazard> hazards)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(hazards);

        var byKey = labels
            .Select((l, i) => (Label: l, Index: i))
            .GroupBy(x => (x.Label.Hazard, x.Label.Sensor))
            .ToDictionary(g => g.Key, g => g.OrderBy(x => x.Label.From).ThenBy(x => x.Index).Select(x => x.Index).ToList());
        var foundBy = new ScoredHazard?[labels.Count];
        var falseAlarms = new Dictionary<string, int>(StringComparer.Ordinal);
        var duplicates = new Dictionary<string, int>(StringComparer.Ordinal);
        var outputs = new Dictionary<string, int>(StringComparer.Ordinal);

        // Stable by time: "the first output hazard" is the earliest one, ties in output order.
        foreach (var h in hazards.Select((h, i) => (h, i)).OrderBy(x => x.h.T).ThenBy(x => x.i).Select(x => x.h))
        {
            Bump(outputs, h.Hazard);
            int? unfound = null, found = null;
            if (byKey.TryGetValue((h.Hazard, h.Sensor), out var candidates))
            {
                foreach (var i in candidates)
                {
                    var l = labels[i];
                    if (l.Subject is not null && !string.Equals(l.Subject, h.Subject, StringComparison.Ordinal))
                        continue;
                    if (h.T < l.From || h.T > l.To + Grace)
                        continue;
                    if (foundBy[i] is null)
                    {
                        unfound ??= i; // the earliest-starting open label takes it
                        break;
                    }
                    found ??= i;
                }
            }
            if (unfound is { } u)
                foundBy[u] = h;
            else if (found is not null)
                Bump(duplicates, h.Hazard);
            else
                Bump(falseAlarms, h.Hazard);
        }

        var types = labels.Select(l => l.Hazard).Concat(hazards.Select(h => h.Hazard)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var rows = new List<TypeScore>();
        var allDelays = new List<double>();
        foreach (var type in types)
        {
            var delays = new List<double>();
            int n = 0, nFound = 0, nCaptured = 0;
            for (var i = 0; i < labels.Count; i++)
            {
                var l = labels[i];
                if (l.Hazard != type)
                    continue;
                n++;
                if (foundBy[i] is not { } h)
                    continue;
                nFound++;
                if (IsCaptured(l, h))
                    nCaptured++;
                delays.Add(Math.Max(0, (h.T - l.Onset).TotalSeconds));
            }
            allDelays.AddRange(delays);
            rows.Add(Row(type, n, nFound, nCaptured, Get(outputs, type), Get(falseAlarms, type), Get(duplicates, type), delays));
        }
        rows.Add(Row("all", rows.Sum(r => r.Labels), rows.Sum(r => r.Found), rows.Sum(r => r.Captured), rows.Sum(r => r.Hazards),
            rows.Sum(r => r.FalseAlarms), rows.Sum(r => r.Duplicates), allDelays));
        return rows;
    }

    private static bool IsCaptured(Label l, ScoredHazard h) =>
        l.Hazard != "overspeed" || (l.Kmh is not { } truth || (h.Kmh is { } kmh && Math.Abs(kmh - truth) <= SpeedToleranceKmh));

    private static TypeScore Row(string type, int labels, int found, int captured, int hazards, int falseAlarms, int duplicates, List<double> delays)
    {
        delays.Sort();
        return new TypeScore(type, labels, found, captured, hazards, falseAlarms, duplicates,
            Percentile(delays, 0.50), Percentile(delays, 0.95), delays.Count == 0 ? null : delays[^1]);
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
            return null;
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private static void Bump(Dictionary<string, int> d, string key) => d[key] = Get(d, key) + 1;

    private static int Get(Dictionary<string, int> d, string key) => d.TryGetValue(key, out var v) ? v : 0;

    // ---------------- reading the files ----------------

    /// <summary>Reads a labels file; a bad line is an error naming it.</summary>
    public static List<Label> ReadLabels(TextReader reader) => ReadJsonLines(reader, (e, n) =>
    {
        var from = Time(e, "from", n);
        var to = Time(e, "to", n);
        var onset = e.TryGetProperty("onset", out var o) && o.ValueKind != JsonValueKind.Null ? Time(e, "onset", n) : from;
        if (to < from)
            throw new ScenarioFormatException(n, "'to' is before 'from'");
        return new Label(Text(e, "hazard", n), Text(e, "sensor", n), OptionalText(e, "subject"), from, onset, to, OptionalNumber(e, "kmh"));
    });

    /// <summary>Reads a hazards file (Vigil's output format); a bad line is an error naming it.</summary>
    public static List<ScoredHazard> ReadHazards(TextReader reader) => ReadJsonLines(reader, (e, n) =>
        new ScoredHazard(Text(e, "hazard", n), Text(e, "sensor", n), OptionalText(e, "subject"), Time(e, "t", n), OptionalNumber(e, "kmh")));

    /// <summary>One JSON object per line, blank lines skipped; a line that is not JSON is an error naming its number.</summary>
    private static List<T> ReadJsonLines<T>(TextReader reader, Func<JsonElement, int, T> read)
    {
        var items = new List<T>();
        var n = 0;
        while (reader.ReadLine() is { } line)
        {
            n++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                items.Add(read(doc.RootElement, n));
            }
            catch (JsonException ex)
            {
                throw new ScenarioFormatException(n, $"not JSON: {ex.Message}");
            }
        }
        return items;
    }

    private static string Text(JsonElement e, string name, int line) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s
            : throw new ScenarioFormatException(line, $"'{name}' must be a non-empty string");

    private static string? OptionalText(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double? OptionalNumber(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static DateTimeOffset Time(JsonElement e, string name, int line)
    {
        var text = Text(e, name, line);
        return IsoTime.TryParse(text, out var t, out var problem) ? t : throw new ScenarioFormatException(line, $"'{name}': {problem}");
    }

    /// <summary>The per-type table as printed by <c>vigil eval</c> (Markdown, so docs can quote it verbatim).</summary>
    public static string Table(IReadOnlyList<TypeScore> rows)
    {
        static string P(double v) => (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        static string S(double? v) => v is { } d ? d.ToString("0.00", CultureInfo.InvariantCulture) : "–";
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("| hazard | labels | found | recall | captured | hazards | false alarms | precision | duplicates | delay p50 s | delay p95 s | delay max s |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in rows)
        {
            var captured = r.Hazard == "overspeed" ? $"{r.Captured} ({P(r.CapturedRecall)})" : "";
            sb.Append(CultureInfo.InvariantCulture,
                $"| {r.Hazard} | {r.Labels} | {r.Found} | {P(r.Recall)} | {captured} | {r.Hazards} | {r.FalseAlarms} | {P(r.Precision)} | {r.Duplicates} | {S(r.DelayP50S)} | {S(r.DelayP95S)} | {S(r.DelayMaxS)} |");
            sb.AppendLine();
        }
        return sb.ToString();
    }
}
