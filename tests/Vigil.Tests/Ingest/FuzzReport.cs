using System.Collections.Concurrent;
using System.Text;

namespace Vigil.Tests.Ingest;

/// <summary>Counts of a fuzz run by path, category and outcome; written as Markdown where VIGIL_FUZZ_REPORT points.</summary>
public sealed class FuzzReport
{
    private readonly ConcurrentDictionary<(string Path, string Category, string Outcome), int> _counts = new();

    /// <summary>Multiplier of the default corpus sizes (VIGIL_FUZZ_SCALE; 1 in the default test run).</summary>
    public static int Scale => int.TryParse(Environment.GetEnvironmentVariable("VIGIL_FUZZ_SCALE"), out var s) && s > 0 ? s : 1;

    public void Count(string path, string category, string outcome) => _counts.AddOrUpdate((path, category, outcome), 1, (_, n) => n + 1);

    public int Total(string path, Func<string, bool>? outcome = null) =>
        _counts.Where(kv => kv.Key.Path == path && (outcome is null || outcome(kv.Key.Outcome))).Sum(kv => kv.Value);

    public int Of(string path, string category, string outcome) => _counts.GetValueOrDefault((path, category, outcome));

    public IEnumerable<string> Outcomes(string path, string category) =>
        _counts.Keys.Where(k => k.Path == path && k.Category == category).Select(k => k.Outcome);

    public void WriteIfAsked(string path)
    {
        if (Environment.GetEnvironmentVariable("VIGIL_FUZZ_REPORT") is not { Length: > 0 } dir)
            return;
        var sb = new StringBuilder();
        sb.AppendLine($"### {path}: {Total(path)} inputs").AppendLine();
        var outcomes = _counts.Keys.Where(k => k.Path == path).Select(k => k.Outcome).Distinct().OrderBy(o => o, StringComparer.Ordinal).ToList();
        sb.AppendLine("| category | " + string.Join(" | ", outcomes) + " |");
        sb.AppendLine("|---|" + string.Concat(outcomes.Select(_ => "---:|")));
        foreach (var c in FuzzCorpus.Categories)
            sb.AppendLine($"| {c} | " + string.Join(" | ", outcomes.Select(o => Of(path, c, o))) + " |");
        sb.AppendLine();
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, path.Replace(' ', '-') + ".md"), sb.ToString());
    }
}
