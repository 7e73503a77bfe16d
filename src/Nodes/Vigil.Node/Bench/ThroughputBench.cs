using Akka.Actor;
using System.Collections.Concurrent;
using System.Diagnostics;
using Vigil.Messages;

namespace Vigil.Node.Bench;

/// <summary>
/// Readings per second through the sharded camera sensors of one node (no HTTP: readings are told to the shard
/// region, as the ingest role does), about 1% of them confirming a no-helmet hazard that the zone persists; then
/// reading → alarm latency at 50% and 90% of that rate.
/// </summary>
internal static class ThroughputBench
{
    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string> flags)
    {
        var sensors = Int(flags, "sensors", 1000);
        var readings = Int(flags, "readings", 1_000_000);
        var seconds = Int(flags, "seconds", 20);
        var extraNodes = Int(flags, "nodes", 1) - 1;
        using var dir = new BenchDir();
        var db = flags.GetValueOrDefault("db") ?? (extraNodes > 0 ? $"sqlite:{Path.Combine(dir.Path, "shared.db")}" : null);
        await using var node = await BenchNode.StartAsync(dir.Path, db);
        await using var others = await BenchCluster.JoinAsync(node, extraNodes, dir.Path, db);
        Console.WriteLine($"throughput: {sensors} cameras on {extraNodes + 1} node process(es) on this machine, db {db ?? "sqlite (default)"}, {Environment.ProcessorCount} cores");
        // A zone per ten cameras: a zone is one actor, so its alarms are written one decision after another.
        await node.RegisterAsync(SensorKinds.Camera, sensors, "c", perZone: 10);
        var ids = Enumerable.Range(0, sensors).Select(i => BenchNode.SensorId("c", i)).ToList();
        var gen = new CameraLoad(ids, DateTimeOffset.UtcNow);
        double max;

        // Warm-up, then the maximum sustained rate with a barrier every 100,000 readings (bounded mailboxes); the
        // run ends when every hazard it confirmed is persisted as an alarm, not merely fused.
        long raised = 0;
        using (node.Model.Listen(c => { if (TakesHazard(c.Change)) Interlocked.Increment(ref raised); }))
        {
            await Blast(node, gen, Math.Min(readings / 10, 100_000), ids);
            var hazardsBefore = await node.BarrierAsync(ids);
            await WaitFor(() => Interlocked.Read(ref raised) >= hazardsBefore);
            var raisedBefore = Interlocked.Read(ref raised);
            var watch = Stopwatch.StartNew();
            await Blast(node, gen, readings, ids);
            var fused = watch.Elapsed;
            var hazards = await node.BarrierAsync(ids) - hazardsBefore;
            await WaitFor(() => Interlocked.Read(ref raised) - raisedBefore >= hazards);
            max = readings / watch.Elapsed.TotalSeconds;
            Console.WriteLine($"max sustained: {max:N0} readings/s ({max / Environment.ProcessorCount:N0} per core) with every hazard persisted " +
                $"({hazards:N0} hazards raised or joined alarms); fusion alone finished after {fused.TotalSeconds:0.0} s of {watch.Elapsed.TotalSeconds:0.0} s");
        }

        await OneAtATime(node, ids, 200);
        await Burst(node, ids);
        foreach (var share in new[] { 0.5, 0.9 })
            await Paced(node, ids, gen, max * share, TimeSpan.FromSeconds(seconds), share);
        return 0;
    }

    /// <summary>
    /// Latency at a plant's own pace: one hazard at a time on an otherwise quiet node (three bare-head frames of a new
    /// worker told at once, the next only after the alarm for this one was seen), <paramref name="count"/> times.
    /// </summary>
    private static async Task OneAtATime(BenchNode node, IReadOnlyList<string> ids, int count)
    {
        var latencies = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var camera = ids[i % ids.Count];
            var track = $"solo{i}";
            var seen = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
            var start = Stopwatch.GetTimestamp();
            using (node.Model.Listen(c =>
            {
                if (TakesHazard(c.Change) && c.Hazard is { } h && h.SensorId == camera && h.Subject == track)
                    seen.TrySetResult(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }))
            {
                var t = DateTimeOffset.UtcNow;
                for (var f = 0; f < 3; f++)
                    node.Sensors.Tell(new SensorReading(camera, t.AddMilliseconds(200 * f),
                        new CameraDetections([new Detection("person", 800, 100, 90, 240, 0.9, track, false)])));
                if (await Task.WhenAny(seen.Task, Task.Delay(TimeSpan.FromSeconds(10))) == seen.Task)
                    latencies.Add(seen.Task.Result);
            }
        }
        var sorted = latencies.Order().ToArray();
        Console.WriteLine($"one hazard at a time ({count} hazards, node otherwise quiet): reading → alarm change persisted and published " +
            $"p50 {Percentile(sorted, 0.50):0.0} ms, p99 {Percentile(sorted, 0.99):0.0} ms, max {(sorted.Length > 0 ? sorted[^1] : 0):0.0} ms" +
            (sorted.Length == count ? "" : $"; {count - sorted.Length} without an alarm within 10 s"));
    }

    /// <summary>
    /// The plant's worst moment: every camera confirms a hazard at once (three bare-head frames of a new worker told
    /// to each camera back to back). Each hazard's time to its alarm change, and how long the whole burst took.
    /// </summary>
    private static async Task Burst(BenchNode node, IReadOnlyList<string> ids)
    {
        var sent = new ConcurrentDictionary<string, long>();
        var latencies = new ConcurrentBag<double>();
        using var listening = node.Model.Listen(c =>
        {
            if (TakesHazard(c.Change) && c.Hazard is { } h && sent.TryRemove($"{h.SensorId}/{h.Subject}", out var at))
                latencies.Add(Stopwatch.GetElapsedTime(at).TotalMilliseconds);
        });
        var t = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        foreach (var camera in ids)
        {
            sent[$"{camera}/burst"] = Stopwatch.GetTimestamp();
            for (var f = 0; f < 3; f++)
                node.Sensors.Tell(new SensorReading(camera, t.AddMilliseconds(200 * f),
                    new CameraDetections([new Detection("person", 800, 100, 90, 240, 0.9, "burst", false)])));
        }
        while (!sent.IsEmpty && watch.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(5);
        var sorted = latencies.Order().ToArray();
        Console.WriteLine($"burst: all {ids.Count} cameras confirm at once: reading → alarm change p50 {Percentile(sorted, 0.50):0.0} ms, " +
            $"p99 {Percentile(sorted, 0.99):0.0} ms, last after {(sorted.Length > 0 ? sorted[^1] : 0):0.0} ms" +
            (sent.IsEmpty ? "" : $"; {sent.Count} hazards without an alarm after 60 s"));
    }

    /// <summary>A hazard ends either as a new alarm or joined to an open one of the same camera (within the zone's cooldown).</summary>
    private static bool TakesHazard(string change) => change is "raised" or "hazard_joined";

    private static async Task WaitFor(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition() && deadline.Elapsed < TimeSpan.FromSeconds(300))
            await Task.Delay(20);
        if (!condition())
            Console.WriteLine("WARNING: not every hazard reached an alarm within 300 s; the figure below is a floor, not a measurement");
    }

    private static async Task Blast(BenchNode node, CameraLoad gen, int count, IReadOnlyList<string> ids)
    {
        for (var i = 0; i < count; i++)
        {
            node.Sensors.Tell(gen.Next().Reading);
            if ((i + 1) % 100_000 == 0)
                await node.BarrierAsync(ids);
        }
    }

    private static async Task Paced(BenchNode node, IReadOnlyList<string> ids, CameraLoad gen, double rate, TimeSpan duration, double share)
    {
        var sent = new ConcurrentDictionary<string, long>();
        var latencies = new ConcurrentBag<double>();
        using var listening = node.Model.Listen(c =>
        {
            if (TakesHazard(c.Change) && c.Hazard is { } h && sent.TryRemove($"{h.SensorId}/{h.Subject}", out var at))
                latencies.Add(Stopwatch.GetElapsedTime(at).TotalMilliseconds);
        });
        await using var breakdown = new LatencyBreakdown(node, ids);
        var watch = Stopwatch.StartNew();
        long count = 0;
        while (watch.Elapsed < duration)
        {
            var due = (long)(watch.Elapsed.TotalSeconds * rate);
            for (; count < due; count++)
            {
                var (reading, confirms) = gen.Next();
                if (confirms)
                    sent[$"{reading.SensorId}/{((CameraDetections)reading.Payload).Detections[0].Track}"] = Stopwatch.GetTimestamp();
                node.Sensors.Tell(reading);
            }
            await Task.Delay(5);
        }
        await breakdown.DisposeAsync();
        var deadline = Stopwatch.StartNew();
        while (!sent.IsEmpty && deadline.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(50);
        var sorted = latencies.OrderBy(x => x).ToArray();
        Console.WriteLine($"at {share:P0} ({rate:N0} readings/s for {duration.TotalSeconds:0} s): {sorted.Length} hazards, reading → alarm change persisted and published " +
            $"p50 {Percentile(sorted, 0.50):0.0} ms, p99 {Percentile(sorted, 0.99):0.0} ms, max {(sorted.Length > 0 ? sorted[^1] : 0):0.0} ms" +
            (sent.IsEmpty ? "" : $"; {sent.Count} hazards without an alarm after 30 s"));
        breakdown.Print();
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    public static int Int(IReadOnlyDictionary<string, string> flags, string name, int fallback) =>
        flags.TryGetValue(name, out var v) ? int.TryParse(v, out var n) && n > 0 ? n : throw new ArgumentException($"--{name}: '{v}' is not a positive whole number") : fallback;
}

/// <summary>Camera readings at 5 fps per camera: a helmeted worker, and every 33rd three-frame window a new worker without one (one hazard).</summary>
internal sealed class CameraLoad(IReadOnlyList<string> cameras, DateTimeOffset start)
{
    private long _i;

    public (SensorReading Reading, bool Confirms) Next()
    {
        var i = _i++;
        var index = (int)(i % cameras.Count);
        var camera = cameras[index];
        var frame = i / cameras.Count;
        var window = frame / 3;
        // Each camera's hazardous window is offset by its index, so hazards come evenly over time, as in a plant;
        // the simultaneous burst of every camera at once is measured on its own (Burst).
        var hazardous = (window + index) % 33 == 0;
        var detection = new Detection("person", 800, 100, 90, 240, 0.9, hazardous ? $"w{window}" : "steady", !hazardous);
        var reading = new SensorReading(camera, start.AddMilliseconds(200 * frame), new CameraDetections([detection]));
        return (reading, hazardous && frame % 3 == 2);
    }
}

/// <summary>A temporary data folder for one benchmark.</summary>
internal sealed class BenchDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("vigil-bench-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
