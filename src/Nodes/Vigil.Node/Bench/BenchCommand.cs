namespace Vigil.Node.Bench;

/// <summary>`vigil bench throughput|memory|recovery [--db DB] [...]`: benchmarks that print figures (docs/scale-out.md).</summary>
public static class BenchCommand
{
    public static Task<int> RunAsync(IReadOnlyList<string> positional, IReadOnlyDictionary<string, string> flags) =>
        positional.FirstOrDefault() switch
        {
            "throughput" => ThroughputBench.RunAsync(flags),
            "memory" => MemoryBench.RunAsync(flags),
            "recovery" => RecoveryBench.RunAsync(flags),
            "vision" => VisionBench.RunAsync(flags),
            var other => throw new ArgumentException($"bench: '{other}' is not one of throughput, memory, recovery, vision"),
        };
}
