using System.Globalization;
using System.Text.RegularExpressions;

namespace Vigil.Tests.Integration;

/// <summary>A strict reader of the Prometheus text exposition format: every sample line must parse, or the scrape fails.</summary>
internal sealed partial class PrometheusText
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public IReadOnlyList<Sample> Samples { get; }
    public IReadOnlyDictionary<string, string> Types { get; }

    private PrometheusText(List<Sample> samples, Dictionary<string, string> types)
    {
        Samples = samples;
        Types = types;
    }

    [GeneratedRegex("""^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?""")]
    private static partial Regex Label();

    public static PrometheusText Parse(string text)
    {
        var samples = new List<Sample>();
        var types = new Dictionary<string, string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
                continue;
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                types[parts[2]] = parts[3];
                continue;
            }
            if (line.StartsWith('#'))
                continue;
            var m = SampleLine().Match(line);
            if (!m.Success)
                throw new FormatException($"not a Prometheus sample line: {line}");
            var labels = new Dictionary<string, string>();
            if (m.Groups[2].Success)
                foreach (Match l in Label().Matches(m.Groups[2].Value))
                    labels[l.Groups[1].Value] = l.Groups[2].Value;
            var value = m.Groups[3].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                var v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            samples.Add(new Sample(m.Groups[1].Value, labels, value));
        }
        return new PrometheusText(samples, types);
    }

    /// <summary>The sum of the samples of one name whose labels include all of <paramref name="labels"/>; 0 when there is none.</summary>
    public double Value(string name, params (string Key, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Sum(s => s.Value);

    public IEnumerable<Sample> Named(string name) => Samples.Where(s => s.Name == name);
}
