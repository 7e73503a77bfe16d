using System.Diagnostics;
using System.Globalization;

namespace Vigil.Node.Simulation;

/// <summary><c>vigil simulate --out DIR [--hours H] [--seed N] [--rate R] [--cameras N] [--start T]</c>: writes a labelled scenario of a simulated plant.</summary>
public static class SimulateCommand
{
    public static Task<int> RunAsync(IReadOnlyDictionary<string, string> flags)
    {
        if (!flags.TryGetValue("out", out var dir))
            throw new ArgumentException("simulate needs --out DIR");
        var hours = Number(flags, "hours", 1, 0.01, 24 * 7);
        var seed = (int)Number(flags, "seed", 7, int.MinValue, int.MaxValue);
        var rate = Number(flags, "rate", 12, 0, 600);
        var cameras = (int)Number(flags, "cameras", 1, 1, 64);
        DateTimeOffset? start = null;
        if (flags.TryGetValue("start", out var startText))
            start = DateTimeOffset.TryParse(startText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var s)
                ? s : throw new ArgumentException($"--start must be an ISO-8601 time such as 2026-03-02T18:40:00Z, not '{startText}'");

        var sim = new PlantSimulator(new SimulationOptions(Seed: seed, Start: start, Duration: TimeSpan.FromHours(hours), HazardsPerHour: rate, CamerasPerZone: cameras));
        var scenario = Path.Combine(dir, "scenario.jsonl");
        var labels = Path.Combine(dir, "labels.jsonl");
        var watch = Stopwatch.StartNew();
        ScenarioFiles.Write(sim, scenario, labels);
        Console.Error.WriteLine($"wrote {scenario} and {labels} ({sim.Labels.Count} labels, {hours:0.##} h of plant, seed {seed}) in {watch.Elapsed.TotalSeconds:0.0} s");
        return Task.FromResult(0);
    }

    private static double Number(IReadOnlyDictionary<string, string> flags, string name, double fallback, double min, double max)
    {
        if (!flags.TryGetValue(name, out var text))
            return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v) || v < min || v > max)
            throw new ArgumentException($"--{name} must be a number from {min} to {max}, not '{text}'");
        return v;
    }
}
