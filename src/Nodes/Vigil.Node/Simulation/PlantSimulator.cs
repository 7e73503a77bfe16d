using System.Text;

namespace Vigil.Node.Simulation;

/// <summary>
/// A deterministic simulated plant: five zones, their cameras, a radar checkpoint, a thermal imager and a forklift,
/// writing readings in the scenario format (docs: shared/spec/replay.md) and labels for every hazard it injects.
/// Same options → identical output; only event time and <see cref="System.Random"/> seeded from <see cref="SimulationOptions.Seed"/> are used.
/// </summary>
public sealed class PlantSimulator
{
    public const string Moulding = "moulding-a", Road = "road-east", ScrapPit = "scrap-pit-1", ForkliftBay = "forklift-bay", Rooftop = "rooftop-dorm";
    public const string RadarId = "radar-e1", ThermalId = "th-pit1", ForkliftId = "fl-07";
    public const double RoadLimitKmh = RoadPlan.LimitKmh, ForkliftLimitKmh = 10;

    private readonly List<string> _labels = [];
    private readonly SimContext _ctx;

    public PlantSimulator(SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var duration = options.Duration ?? SimulationOptions.DefaultDuration;
        if (duration <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), "Duration must be positive");
        if (options.HazardsPerHour < 0 || double.IsNaN(options.HazardsPerHour)) throw new ArgumentOutOfRangeException(nameof(options), "HazardsPerHour must not be negative");
        if (options.CamerasPerZone < 1) throw new ArgumentOutOfRangeException(nameof(options), "CamerasPerZone must be at least 1");

        Options = options;
        var start = (options.Start ?? SimulationOptions.DefaultStart).ToUniversalTime();
        Start = new DateTimeOffset(start.UtcTicks - start.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        Duration = TimeSpan.FromMilliseconds(Math.Floor(duration.TotalMilliseconds));
        _ctx = new SimContext(Start, (long)Duration.TotalMilliseconds, options.HazardsPerHour, options.Seed);

        MouldingCameras = Enumerable.Range(1, options.CamerasPerZone).Select(i => $"cam-m{i}").ToArray();
        RoadCameras = Enumerable.Range(1, options.CamerasPerZone).Select(i => $"cam-e{i}").ToArray();
        RooftopCameras = Enumerable.Range(1, options.CamerasPerZone).Select(i => $"cam-r{i}").ToArray();
    }

    public SimulationOptions Options { get; }

    /// <summary>Event time of the first possible reading (UTC, whole milliseconds).</summary>
    public DateTimeOffset Start { get; }

    public TimeSpan Duration { get; }

    public IReadOnlyList<string> MouldingCameras { get; }
    public IReadOnlyList<string> RoadCameras { get; }
    public IReadOnlyList<string> RooftopCameras { get; }

    /// <summary>The camera that falls silent once per 10 minutes; its <c>expected_interval_s</c> is 10.</summary>
    public string SilentCamera => RoadCameras[0];

    /// <summary>Labels (spec format) of the hazards injected so far; complete once <see cref="Readings"/> was enumerated to the end.</summary>
    public IReadOnlyList<string> Labels => _labels.AsReadOnly();

    /// <summary>The zone and sensor lines of the plant, zones first.</summary>
    public IEnumerable<string> ScenarioHeader()
    {
        yield return Zone(Moulding, "production", "Moulding hall A", null);
        yield return Zone(Road, "road", "East plant road", RoadLimitKmh);
        yield return Zone(ScrapPit, "scrap-pit", "Scrap pit 1", null);
        yield return Zone(ForkliftBay, "logistics", "Forklift bay", ForkliftLimitKmh);
        yield return Zone(Rooftop, "rooftop", "Dormitory rooftop", null);

        var polygon = string.Join(",", CameraScene.DangerZone.Select(p => $"[{Json.I(p.X)},{Json.I(p.Y)}]"));
        foreach (var cam in MouldingCameras)
            yield return Sensor(cam, "camera", Moulding, $"{{\"rules\":[\"helmet\",\"intrusion\"],\"danger_zones\":[[{polygon}]]}}");
        yield return Sensor(RadarId, "radar", Road, null);
        foreach (var cam in RoadCameras)
            yield return Sensor(cam, "camera", Road, cam == SilentCamera ? $"{{\"expected_interval_s\":{CameraScene.OfflineIntervalS}}}" : null);
        yield return Sensor(ThermalId, "thermal", ScrapPit, "{\"alarm_c\":80}");
        yield return Sensor(ForkliftId, "forklift", ForkliftBay, null);
        foreach (var cam in RooftopCameras)
            yield return Sensor(cam, "camera", Rooftop, "{\"rules\":[\"rooftop\"],\"active_hours\":{\"from\":\"19:00\",\"to\":\"07:00\"}}");
    }

    /// <summary>
    /// The reading lines in non-decreasing event time, generated lazily. Each enumeration starts the run afresh
    /// (and clears <see cref="Labels"/>); do not enumerate twice at the same time.
    /// </summary>
    public IEnumerable<SimLine> Readings()
    {
        _labels.Clear();
        var streams = Streams().Select(s => s.GetEnumerator()).ToList();
        try
        {
            var queue = new PriorityQueue<int, (long Ms, int Stream)>(streams.Count);
            for (var i = 0; i < streams.Count; i++)
                if (streams[i].MoveNext()) queue.Enqueue(i, (streams[i].Current.Ms, i));

            while (queue.TryDequeue(out var i, out _))
            {
                var item = streams[i].Current;
                if (item.Json is not null) yield return new SimLine(_ctx.At(item.Ms), item.Json);
                else if (item.Label is not null) _labels.Add(item.Label);
                if (streams[i].MoveNext()) queue.Enqueue(i, (streams[i].Current.Ms, i));
            }
        }
        finally
        {
            foreach (var s in streams) s.Dispose();
        }
    }

    private List<IEnumerable<SimItem>> Streams()
    {
        var vehicles = RoadPlan.Build(_ctx, _ctx.Rng(700));
        var streams = new List<IEnumerable<SimItem>>();
        for (var i = 0; i < MouldingCameras.Count; i++)
            streams.Add(new CameraScene(_ctx, MouldingCameras[i], CameraSceneKind.Moulding, 100 + i).Generate());
        streams.Add(new RadarScene(_ctx, RadarId, vehicles).Generate());
        for (var i = 0; i < RoadCameras.Count; i++)
            streams.Add(new CameraScene(_ctx, RoadCameras[i], CameraSceneKind.Road, 200 + i, vehicles, silences: RoadCameras[i] == SilentCamera).Generate());
        streams.Add(new ThermalScene(_ctx, ThermalId, 500).Generate());
        streams.Add(new ForkliftScene(_ctx, ForkliftId, 600).Generate());
        for (var i = 0; i < RooftopCameras.Count; i++)
            streams.Add(new CameraScene(_ctx, RooftopCameras[i], CameraSceneKind.Rooftop, 300 + i).Generate());
        return streams;
    }

    private static string Zone(string id, string kind, string name, double? limit)
    {
        var sb = new StringBuilder("{\"type\":\"zone\",\"id\":");
        Json.Str(sb, id);
        sb.Append(",\"kind\":");
        Json.Str(sb, kind);
        if (limit is { } l) sb.Append(",\"speed_limit_kmh\":").Append(Json.I(l));
        sb.Append(",\"name\":");
        Json.Str(sb, name);
        return sb.Append('}').ToString();
    }

    private static string Sensor(string id, string kind, string zone, string? configJson)
    {
        var sb = new StringBuilder("{\"type\":\"sensor\",\"id\":");
        Json.Str(sb, id);
        sb.Append(",\"kind\":");
        Json.Str(sb, kind);
        sb.Append(",\"zone\":");
        Json.Str(sb, zone);
        if (configJson is not null) sb.Append(",\"config\":").Append(configJson);
        return sb.Append('}').ToString();
    }
}
