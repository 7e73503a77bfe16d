using System.Diagnostics;
using System.Text;
using Akka.Actor;
using Akka.Hosting;
using Vigil.Actors.Sensors;
using Vigil.Messages;
using Vigil.Node.Hosting;
using Vigil.Node.Ingest;
using Vigil.Node.Vision;
using Vigil.Vision.Pipeline;

namespace Vigil.Node.Replay;

/// <summary>`vigil replay SCENARIO --out HAZARDS`: the scenario through the live actors on event time.</summary>
public static class ReplayCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> positional, IReadOnlyDictionary<string, string> flags)
    {
        if (positional.Count != 1)
            throw new ArgumentException("replay needs exactly one SCENARIO file");
        if (!flags.TryGetValue("out", out var outPath))
            throw new ArgumentException("replay needs --out HAZARDS");
        if (!File.Exists(positional[0]))
            throw new ArgumentException($"scenario '{positional[0]}' does not exist");

        var result = await ReplayAsync(positional[0], CancellationToken.None, ReplayProgress.ForConsole());
        await WriteHazardsAsync(result, outPath);
        Console.Error.WriteLine(Summary(result) + $", written to {outPath}");
        return 0;
    }

    /// <summary>Writes the hazards file of the spec: one JSON line per hazard, in event-time order.</summary>
    public static async Task WriteHazardsAsync(ReplayResult result, string outPath)
    {
        await using var writer = new StreamWriter(outPath, false, new UTF8Encoding(false));
        foreach (var (hazard, alarmId) in result.Hazards)
            await writer.WriteLineAsync(HazardWriter.ToJsonLine(hazard, alarmId));
    }

    /// <summary>One line: readings, time, rate, hazards.</summary>
    public static string Summary(ReplayResult result) =>
        $"replayed {result.Readings} readings in {result.Elapsed.TotalSeconds:0.0} s ({result.Readings / Math.Max(result.Elapsed.TotalSeconds, 1e-3):0} readings/s): " +
        $"{result.Hazards.Count} hazards" +
        (result.Skipped > 0 ? $"; {result.Skipped} image readings skipped (this build has no vision pipeline)" : "");

    /// <summary>The outcome of one replay: hazards in event-time order, with their alarms.</summary>
    public sealed record ReplayResult(IReadOnlyList<(Hazard Hazard, string AlarmId)> Hazards, long Readings, long Skipped, TimeSpan Elapsed);

    /// <summary>Replays a scenario file; throws <see cref="ScenarioFormatException"/> naming the line of the first forbidden object.</summary>
    public static async Task<ReplayResult> ReplayAsync(string scenarioPath, CancellationToken ct, IProgress<ReplayProgress>? progress = null)
    {
        var settings = new NodeSettings
        {
            HttpHost = "127.0.0.1", HttpPort = 0, Host = "127.0.0.1", Port = 0, Seeds = [], Roles = ["sensors", "zones"],
            DataDir = Path.GetTempPath(), Database = DatabaseSettings.InMemory,
        };
        var app = VigilHost.Build(settings, new SensorActorSettings(SensorClockMode.Event), quiet: true);
        await app.StartAsync(ct);
        try
        {
            await WaitUntilUp(app, ct);
            var system = app.Services.GetRequiredService<ActorSystem>();
            var sensors = app.Services.GetRequiredService<IRequiredActor<SensorRegion>>().ActorRef;
            var zones = app.Services.GetRequiredService<IRequiredActor<ZoneRegion>>().ActorRef;
            var collector = system.ActorOf(HazardCollector.Props(), "replay-collector");
            await collector.Ask<HazardCollector.Subscribed>(new HazardCollector.Subscribed(), TimeSpan.FromSeconds(30), ct);
            return await Drive(scenarioPath, sensors, zones, collector, progress, ct, app.Services.GetRequiredService<VisionService>());
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<ReplayResult> Drive(string scenarioPath, IActorRef sensors, IActorRef zones, IActorRef collector, IProgress<ReplayProgress>? progress, CancellationToken ct, VisionService vision)
    {
        var kinds = new Dictionary<string, string>();
        var timeout = TimeSpan.FromSeconds(30);
        var stopwatch = Stopwatch.StartNew();
        var zoneConfigs = new Dictionary<string, ZoneConfig>();
        var registered = new List<string>();
        long readings = 0, skipped = 0;
        DateTimeOffset? lastBroadcast = null, now = null;
        using var reader = new StreamReader(scenarioPath, Encoding.UTF8);
        foreach (var (line, item) in ScenarioReader.Read(reader))
        {
            ct.ThrowIfCancellationRequested();
            switch (item)
            {
                case ZoneItem z:
                    await Expect<Accepted>(zones.Ask<object>(new ConfigureZone(z.ZoneId, z.Config), timeout), line);
                    zoneConfigs[z.ZoneId] = z.Config;
                    break;
                case SensorItem s:
                    var zone = zoneConfigs[s.ZoneId];
                    await Expect<Accepted>(sensors.Ask<object>(new RegisterSensor(s.SensorId, s.Kind, s.ZoneId, s.Config, ZoneContext.Of(zone)), timeout), line);
                    registered.Add(s.SensorId);
                    kinds[s.SensorId] = s.Kind;
                    break;
                case ReadingItem r when (r.ToReading() ?? await VisionReadings.FromScenario(vision, r.SensorId, kinds.GetValueOrDefault(r.SensorId, ""), r.ImagePath!, r.T, Path.GetDirectoryName(Path.GetFullPath(scenarioPath))!, line)) is { } reading:
                    now = reading.T;
                    // Event time moves for every sensor, not only the one that spoke: silent sensors go offline and open windows close.
                    if (lastBroadcast is null || reading.T - lastBroadcast >= TimeSpan.FromSeconds(1))
                    {
                        foreach (var id in registered)
                            sensors.Tell(new AdvanceClock(id, reading.T));
                        lastBroadcast = reading.T;
                    }
                    sensors.Tell(reading);
                    if (++readings % 20_000 == 0)
                    {
                        var soFar = await Barrier(sensors, registered, timeout); // bounded mailboxes: never run ahead of the actors
                        progress?.Report(new ReplayProgress(readings, soFar, stopwatch.Elapsed, false));
                    }
                    break;
                case ReadingItem:
                    skipped++;
                    break;
            }
        }
        if (now is { } end)
            foreach (var id in registered)
                sensors.Tell(new AdvanceClock(id, end));

        var emitted = await Barrier(sensors, registered, timeout);
        progress?.Report(new ReplayProgress(readings, emitted, stopwatch.Elapsed, true));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var collected = await collector.Ask<HazardCollector.Collected>(new HazardCollector.GetCollected(), timeout, ct);
            if (collected.Hazards.Count >= emitted || DateTime.UtcNow > deadline)
            {
                if (collected.Hazards.Count < emitted)
                    Console.Error.WriteLine($"warning: {emitted - collected.Hazards.Count} of {emitted} hazards were not confirmed by their zone within 60 s");
                var ordered = collected.Hazards
                    .OrderBy(h => h.Hazard.T).ThenBy(h => h.Hazard.SensorId, StringComparer.Ordinal)
                    .ThenBy(h => h.Hazard.Type, StringComparer.Ordinal).ThenBy(h => h.Hazard.Subject, StringComparer.Ordinal)
                    .ToList();
                return new ReplayResult(ordered, readings, skipped, stopwatch.Elapsed);
            }
            await Task.Delay(20, ct);
        }
    }

    /// <summary>Waits until every sensor has handled everything sent before; returns the hazards they emitted in all.</summary>
    private static async Task<long> Barrier(IActorRef sensors, IReadOnlyList<string> ids, TimeSpan timeout)
    {
        var replies = await Task.WhenAll(ids.Select(id => sensors.Ask<SensorFlushed>(new FlushSensor(id), timeout)));
        return replies.Sum(r => r.HazardsEmitted);
    }

    private static async Task Expect<T>(Task<object> reply, int line)
    {
        var answer = await reply;
        if (answer is Rejected r)
            throw new ScenarioFormatException(line, r.Reason);
        if (answer is not T)
            throw new ScenarioFormatException(line, $"unexpected answer {answer.GetType().Name}");
    }

    private static async Task WaitUntilUp(WebApplication app, CancellationToken ct)
    {
        var cluster = Akka.Cluster.Cluster.Get(app.Services.GetRequiredService<ActorSystem>());
        var up = new TaskCompletionSource();
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
    }
}
