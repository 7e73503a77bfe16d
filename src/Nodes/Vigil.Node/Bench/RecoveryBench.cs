using Akka.Actor;
using System.Diagnostics;
using Vigil.Actors.Views;
using Vigil.Messages;

namespace Vigil.Node.Bench;

/// <summary>
/// How long a node takes to come back on a full journal: it writes sensors and alarm events (each hazard: raised,
/// two actuator commands, resolved), stops, and a new node on the same database is timed until it is ready
/// (views caught up) and every sensor entity is running again.
/// </summary>
internal static class RecoveryBench
{
    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string> flags)
    {
        var sensors = ThroughputBench.Int(flags, "sensors", 10_000);
        var events = ThroughputBench.Int(flags, "events", 1_000_000);
        using var dir = new BenchDir();
        var db = flags.GetValueOrDefault("db");
        var ids = Enumerable.Range(0, sensors).Select(i => BenchNode.SensorId("s", i)).ToList();
        var written = Stopwatch.StartNew();
        await using (var node = await BenchNode.StartAsync(dir.Path, db))
        {
            await node.RegisterAsync(SensorKinds.Camera, sensors, "s");
            var hazards = Math.Max(1, (events - 2 * sensors) / 4);
            var zones = (sensors + 99) / 100;
            var t = DateTimeOffset.UtcNow;
            await Parallel.ForEachAsync(Enumerable.Range(0, hazards), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
            {
                var zone = $"sz{i % zones}";
                var h = new Hazard(Hazard.MakeId($"s{i}", HazardTypes.NoHelmet, $"k{i}", t), HazardTypes.NoHelmet, BenchNode.SensorId("s", i % sensors), zone, t, $"k{i}");
                var accepted = await node.Zones.Ask<HazardAccepted>(new ReportHazard(zone, h), TimeSpan.FromSeconds(120));
                await node.Zones.Ask<AlarmCommandAccepted>(new ResolveAlarm(zone, accepted.AlarmId, "bench", null), TimeSpan.FromSeconds(120));
            });
            Console.WriteLine($"recovery: wrote {sensors:N0} sensors and about {2 * sensors + 4L * hazards:N0} events (incl. remember-entities) in {written.Elapsed.TotalSeconds:0} s " +
                $"({(2 * sensors + 4.0 * hazards) / written.Elapsed.TotalSeconds:N0} events/s)");
        }

        var watch = Stopwatch.StartNew();
        await using var again = await BenchNode.StartAsync(dir.Path, db);
        var ready = watch.Elapsed;
        Console.WriteLine($"restart: ready (member up, shard regions answering, views caught up) in {ready.TotalSeconds:0.0} s; " +
            $"{again.Model.Alarms.Count():N0} alarms in the view (open ones and the newest {ReadModel.DefaultKeepResolved:N0} resolved)");
        await again.BarrierAsync(ids);
        Console.WriteLine($"restart: all {sensors:N0} sensors recovered and answering {watch.Elapsed.TotalSeconds:0.0} s after the start");
        return 0;
    }
}
