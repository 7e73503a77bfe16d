using Akka.Actor;
using System.Diagnostics;
using Vigil.Messages;

namespace Vigil.Node.Bench;

/// <summary>Managed memory per registered idle sensor, and per sensor once each has read (engine state allocated).</summary>
internal static class MemoryBench
{
    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string> flags)
    {
        var count = ThroughputBench.Int(flags, "sensors", 100_000);
        using var dir = new BenchDir();
        await using var node = await BenchNode.StartAsync(dir.Path, flags.GetValueOrDefault("db"));
        var before = Settle();
        var watch = Stopwatch.StartNew();
        await node.RegisterAsync(SensorKinds.Thermal, count, "t", ZoneKinds.ScrapPit);
        Console.WriteLine($"memory: registered {count:N0} thermal sensors in {watch.Elapsed.TotalSeconds:0.0} s ({count / watch.Elapsed.TotalSeconds:N0}/s)");
        var idle = Settle();
        Console.WriteLine($"idle: {(idle - before) / (double)count:N0} bytes per registered sensor (managed heap after full GC; {before / 1e6:0} MB before, {idle / 1e6:0} MB after)");
        if (flags.TryGetValue("hold-s", out _))
        {
            // Time to take a heap snapshot of the idle node: dotnet-gcdump collect -p PID (docs/scale-out.md).
            var hold = ThroughputBench.Int(flags, "hold-s", 60);
            Console.WriteLine($"holding {hold} s for a heap snapshot: process {Environment.ProcessId}");
            await Task.Delay(TimeSpan.FromSeconds(hold));
        }

        var ids = Enumerable.Range(0, count).Select(i => BenchNode.SensorId("t", i)).ToList();
        var frame = new ThermalFrame(16, 12, Enumerable.Repeat(25f, 16 * 12).ToArray());
        var t = DateTimeOffset.UtcNow;
        foreach (var id in ids)
            node.Sensors.Tell(new SensorReading(id, t, frame));
        await node.BarrierAsync(ids);
        var active = Settle();
        Console.WriteLine($"active: {(active - before) / (double)count:N0} bytes per sensor after one 16x12 thermal frame each");
        Console.WriteLine($"process working set: {Environment.WorkingSet / 1e6:0} MB");
        return 0;
    }

    private static long Settle()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
