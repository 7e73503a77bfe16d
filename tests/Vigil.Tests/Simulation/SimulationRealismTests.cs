using System.Globalization;
using System.Text;
using System.Text.Json;
using Vigil.Messages;
using Vigil.Node.Simulation;
using Xunit;

namespace Vigil.Tests.Simulation;

/// <summary>The injected hazards look in the readings the way their labels say, with the noise the brief asks for.</summary>
public sealed class SimulationRealismTests(HourRun hour) : IClassFixture<HourRun>
{
    private sealed record Reading(DateTimeOffset T, string Sensor, JsonElement Root);

    private List<Reading>? _readings;
    private List<Reading> Readings => _readings ??= hour.Lines
        .Select(l => JsonDocument.Parse(l.Json).RootElement)
        .Select(e => new Reading(T(e.GetProperty("t")), e.GetProperty("sensor").GetString()!, e))
        .ToList();

    private static DateTimeOffset T(JsonElement e) =>
        DateTimeOffset.Parse(e.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private IEnumerable<JsonElement> LabelsOf(string hazard) =>
        hour.Labels.Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("hazard").GetString() == hazard);

    private static (DateTimeOffset From, DateTimeOffset Onset, DateTimeOffset To) Window(JsonElement label)
    {
        var from = T(label.GetProperty("from"));
        return (from, label.TryGetProperty("onset", out var o) ? T(o) : from, T(label.GetProperty("to")));
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    [Fact]
    public void Overspeed_labels_match_radar_samples_and_a_plate_read_while_legal_cars_only_spike()
    {
        var radar = Readings.Where(r => r.Sensor == PlantSimulator.RadarId).ToList();
        var samples = radar.Where(r => r.Root.TryGetProperty("speed", out _))
            .Select(r => (r.T, Speed: r.Root.GetProperty("speed")))
            .GroupBy(s => s.Speed.GetProperty("target").GetString()!)
            // The radar recycles its target ids: a pass is the samples of one id without a gap of a second.
            .SelectMany(g => g.Aggregate(new List<List<(DateTimeOffset T, JsonElement Speed)>>(), (passes, x) =>
            {
                if (passes.Count == 0 || (x.T - passes[^1][^1].T).TotalSeconds > 1) passes.Add([]);
                passes[^1].Add(x);
                return passes;
            }))
            .Select((pass, i) => (Key: i, Pass: pass))
            .ToDictionary(p => p.Key, p => p.Pass);
        Assert.All(samples.Values, s => Assert.InRange(s.Count, 1, 4));
        Assert.Contains(samples.Values.GroupBy(s => s[0].Speed.GetProperty("target").GetString()), g => g.Count() > 1);

        var speeders = 0;
        foreach (var label in LabelsOf(HazardTypes.Overspeed).Where(l => l.GetProperty("sensor").GetString() == PlantSimulator.RadarId))
        {
            var (from, _, to) = Window(label);
            var plate = label.GetProperty("subject").GetString()!;
            var kmh = label.GetProperty("kmh").GetDouble();
            var read = radar.Single(r => r.Root.TryGetProperty("plate", out var p) && p.GetProperty("text").GetString() == plate);
            Assert.InRange(read.T, from, to);
            Assert.InRange(read.Root.GetProperty("plate").GetProperty("conf").GetDouble(), 0.7, 0.99);
            var mine = samples.Values.Single(s => s.All(x => x.T >= from && x.T <= to) && Math.Abs(Median(s.Select(x => x.Speed.GetProperty("kmh").GetDouble())) - kmh) <= 1.0);
            Assert.Equal(read.Root.GetProperty("plate").GetProperty("lane").GetInt32(), mine[0].Speed.GetProperty("lane").GetInt32());
            speeders++;
        }
        Assert.True(speeders >= 10);

        var legal = samples.Values.Where(s => Median(s.Select(x => x.Speed.GetProperty("kmh").GetDouble())) < 20.5).ToList();
        Assert.True(legal.Count > 40, $"{legal.Count} legal vehicles");
        Assert.All(legal, s => Assert.InRange(Median(s.Select(x => x.Speed.GetProperty("kmh").GetDouble())), 9, 20));
        Assert.Contains(legal, s => s.Any(x => x.Speed.GetProperty("kmh").GetDouble() > 24)); // a one-sample spike
        Assert.Contains(radar, r => r.Root.TryGetProperty("plate", out var p) && p.GetProperty("conf").GetDouble() < 0.65); // a misread
        Assert.Equal(2, radar.Select(r => r.Root.TryGetProperty("speed", out var s) ? s.GetProperty("lane").GetInt32() : 0).Where(l => l > 0).Distinct().Count());
    }

    [Fact]
    public void Hot_spots_cross_80_at_onset_and_glitches_are_single_pixels()
    {
        var frames = Readings.Where(r => r.Sensor == PlantSimulator.ThermalId)
            .Select(r => (r.T, C: r.Root.GetProperty("thermal").GetProperty("c").EnumerateArray().Select(c => c.GetDouble()).ToArray()))
            .ToList();
        // Without the 300 °C glitches, the true picture.
        static double Max(double[] c) => c.Where(v => v < 299).Max();

        var spots = LabelsOf(HazardTypes.HotSpot).Select(Window).ToList();
        Assert.InRange(spots.Count, 10, 12);
        foreach (var (from, onset, to) in spots)
        {
            Assert.All(frames.Where(f => f.T >= from && f.T < onset.AddSeconds(-3)), f => Assert.True(Max(f.C) < 80));
            Assert.All(frames.Where(f => f.T > onset.AddSeconds(2) && f.T < to.AddSeconds(-2)), f => Assert.True(Max(f.C) > 80));
            Assert.True(frames.Where(f => f.T >= from && f.T <= to).Max(f => Max(f.C)) > 100);
        }
        var outside = frames.Where(f => !spots.Any(s => f.T >= s.From.AddSeconds(-1) && f.T <= s.To.AddSeconds(120))).ToList();
        // The gearbox housing (top-right 2×2 cells) runs hot but below the alarm; the rest of the pit is ambient.
        static bool Housing(int i) => i % 16 >= 14 && i / 16 < 2; // the imager is 16×12
        Assert.All(outside, f => Assert.InRange(f.C.Where((v, i) => !Housing(i) && v < 299).Max(), 18, 47));
        Assert.All(frames, f => Assert.InRange(f.C.Where((v, i) => Housing(i) && v < 299).Max(), 68, 79));
        var glitches = frames.Where(f => f.C.Count(v => v >= 299) > 0).ToList();
        Assert.NotEmpty(glitches);
        Assert.All(glitches, f => Assert.Equal(1, f.C.Count(v => v >= 299)));
    }

    [Fact]
    public void The_silent_camera_is_silent_exactly_over_its_labels_and_cameras_are_steady_otherwise()
    {
        var silent = hour.Sim.SilentCamera;
        var offline = LabelsOf(HazardTypes.SensorOffline).Select(Window).ToList();
        foreach (var camera in new[] { "cam-m1", "cam-e1", "cam-r1" })
        {
            var times = Readings.Where(r => r.Sensor == camera).Select(r => r.T).ToList();
            var gaps = times.Zip(times.Skip(1), (a, b) => (First: a, Second: b)).Where(p => (p.Second - p.First).TotalSeconds > 0.5).ToList();
            if (camera != silent)
            {
                Assert.Empty(gaps);
                continue;
            }
            Assert.Equal(offline.Count, gaps.Count);
            foreach (var ((from, onset, to), gap) in offline.Zip(gaps))
            {
                Assert.Equal(gap.First, from);
                Assert.Equal(gap.Second, to);
                Assert.InRange((to - from).TotalSeconds, 14, 41);
                Assert.Equal(from.AddSeconds(10), onset);
            }
        }
    }

    private Dictionary<string, List<(DateTimeOffset T, JsonElement D)>> Tracks(string camera) =>
        Readings.Where(r => r.Sensor == camera)
            .SelectMany(r => r.Root.GetProperty("detections").EnumerateArray()
                .Where(d => d.TryGetProperty("track", out _))
                .Select(d => (r.T, D: d)))
            .GroupBy(x => x.D.GetProperty("track").GetString()!)
            .ToDictionary(g => g.Key, g => g.ToList());

    private static double? Helmet(JsonElement d) =>
        d.TryGetProperty("helmet", out var h) ? (h.GetBoolean() ? 1 : 0) : null;

    [Fact]
    public void Helmet_flags_flicker_for_no_helmet_workers_and_rarely_for_helmeted_ones()
    {
        var tracks = Tracks("cam-m1");
        var bare = LabelsOf(HazardTypes.NoHelmet).Select(l => l.GetProperty("subject").GetString()!).ToHashSet();
        Assert.NotEmpty(bare);

        var bareDets = tracks.Where(t => bare.Contains(t.Key)).SelectMany(t => t.Value).Select(x => Helmet(x.D)).ToList();
        var falseShare = bareDets.Count(h => h == 0) / (double)bareDets.Count;
        Assert.InRange(falseShare, 0.78, 0.92);
        Assert.Contains(bareDets, h => h is null);
        Assert.Contains(bareDets, h => h == 1);

        var helmetedDets = tracks.Where(t => !bare.Contains(t.Key)).SelectMany(t => t.Value).Select(x => Helmet(x.D)).ToList();
        var wrong = helmetedDets.Count(h => h == 0) / (double)helmetedDets.Count;
        Assert.InRange(wrong, 0.001, 0.02);
    }

    [Fact]
    public void Zone_intrusions_put_the_foot_point_in_the_danger_polygon_only_while_labelled()
    {
        var polygon = CameraScene_DangerZone();
        var tracks = Tracks("cam-m1");
        var labels = LabelsOf(HazardTypes.ZoneIntrusion).ToList();
        Assert.NotEmpty(labels);
        var labelled = labels.Select(l => l.GetProperty("subject").GetString()!).ToHashSet();
        static (double X, double Y) Foot(JsonElement d)
        {
            var b = d.GetProperty("box").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            return (b[0] + b[2] / 2, b[1] + b[3]);
        }
        foreach (var label in labels)
        {
            var (from, _, to) = Window(label);
            var dets = tracks[label.GetProperty("subject").GetString()!];
            var inside = dets.Where(x => x.T > from.AddSeconds(1) && x.T < to.AddSeconds(-1)).Select(x => Foot(x.D)).ToList();
            Assert.NotEmpty(inside);
            Assert.All(inside, f => Assert.True(Inside(polygon, f.X, f.Y), $"{f} outside the polygon"));
        }
        // Nobody else ever steps in.
        foreach (var (id, dets) in tracks.Where(t => !labelled.Contains(t.Key)))
            Assert.All(dets, x => Assert.False(Inside(polygon, Foot(x.D).X, Foot(x.D).Y), $"track {id} in the danger zone"));
    }

    private static List<(double X, double Y)> CameraScene_DangerZone()
    {
        var header = new PlantSimulator(new SimulationOptions()).ScenarioHeader()
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Single(e => e.GetProperty("id").GetString() == "cam-m1");
        return header.GetProperty("config").GetProperty("danger_zones")[0].EnumerateArray()
            .Select(p => (p[0].GetDouble(), p[1].GetDouble())).ToList();
    }

    private static bool Inside(List<(double X, double Y)> poly, double x, double y)
    {
        var inside = false;
        for (int i = 0, j = poly.Count - 1; i < poly.Count; j = i++)
            if ((poly[i].Y > y) != (poly[j].Y > y) && x < (poly[j].X - poly[i].X) * (y - poly[i].Y) / (poly[j].Y - poly[i].Y) + poly[i].X)
                inside = !inside;
        return inside;
    }

    [Fact]
    public void Rooftop_intrusions_are_labelled_at_night_only()
    {
        var labels = LabelsOf(HazardTypes.RooftopIntrusion).Select(Window).ToList();
        Assert.NotEmpty(labels);
        Assert.All(labels, l => Assert.True(l.To.UtcDateTime.Hour < 7, $"{l.To:O} is not night"));
        var tracks = Tracks("cam-r1");
        Assert.Equal(labels.Count, tracks.Values.Count(t => t[0].T.UtcDateTime.Hour < 7));
    }

    [Fact]
    public void Forklift_episodes_show_in_telemetry_and_driver_state()
    {
        var fl = Readings.Where(r => r.Sensor == PlantSimulator.ForkliftId).ToList();
        var telemetry = fl.Where(r => r.Root.TryGetProperty("telemetry", out _)).Select(r => (r.T, P: r.Root.GetProperty("telemetry"))).ToList();
        var driver = fl.Where(r => r.Root.TryGetProperty("driver", out _)).Select(r => (r.T, P: r.Root.GetProperty("driver"))).ToList();
        Assert.InRange(telemetry.Count, 7_100, 7_200);   // 2 Hz
        Assert.InRange(driver.Count, 17_900, 18_000);    // 5 Hz
        // Within the bay's 10 km/h except in the injected overspeed episodes.
        var speeding = LabelsOf(HazardTypes.Overspeed).Where(l => l.GetProperty("sensor").GetString() == PlantSimulator.ForkliftId).Select(Window).ToList();
        Assert.NotEmpty(speeding);
        Assert.All(telemetry.Where(t => !speeding.Any(w => t.T >= w.From && t.T <= w.To)), t => Assert.InRange(t.P.GetProperty("kmh").GetDouble(), 0, 10));
        Assert.All(speeding, w => Assert.All(telemetry.Where(t => t.T >= w.From && t.T < w.To), t => Assert.InRange(t.P.GetProperty("kmh").GetDouble(), 11, 17)));
        Assert.Contains(telemetry, t => t.P.GetProperty("kmh").GetDouble() == 0);

        var belts = LabelsOf(HazardTypes.SeatbeltUnfastened).Select(Window).ToList();
        Assert.NotEmpty(belts);
        foreach (var (from, onset, to) in belts)
        {
            Assert.Equal(from.AddSeconds(5), onset);
            Assert.InRange((to - from).TotalSeconds, 7, 15);
            var during = telemetry.Where(t => t.T > from && t.T < to).ToList();
            Assert.All(during, t => Assert.False(t.P.GetProperty("seatbelt").GetBoolean()));
            Assert.All(during, t => Assert.True(t.P.GetProperty("kmh").GetDouble() > 0));
        }

        var naps = LabelsOf(HazardTypes.DriverFatigue).Select(Window).ToList();
        Assert.NotEmpty(naps);
        foreach (var (from, onset, to) in naps)
        {
            Assert.Equal(from.AddSeconds(1.5), onset);
            Assert.InRange((to - from).TotalSeconds, 2, 3);
            var eyes = driver.Where(d => d.T >= from && d.T < to && d.P.TryGetProperty("eye_open", out _)).ToList();
            Assert.True(eyes.Count >= 8);
            Assert.All(eyes, d => Assert.True(d.P.GetProperty("eye_open").GetDouble() < 0.1));
            Assert.All(telemetry.Where(t => t.T >= from && t.T < to), t => Assert.True(t.P.GetProperty("kmh").GetDouble() > 0));
        }

        // Blinks: short closures of one or two samples, far more of them than naps.
        var closed = driver.Select(d => d.P.TryGetProperty("eye_open", out var e) && e.GetDouble() < 0.2).ToList();
        var runs = new List<int>();
        for (int i = 0, n = 0; i <= closed.Count; i++)
        {
            if (i < closed.Count && closed[i]) n++;
            else if (n > 0) { runs.Add(n); n = 0; }
        }
        Assert.True(runs.Count(r => r <= 2) > 300, $"{runs.Count(r => r <= 2)} blinks");
        Assert.Equal(naps.Count, runs.Count(r => r >= 8));
    }

    [Fact]
    public void LiveFeed_paces_by_offset_and_restamps_t()
    {
        var sim = new PlantSimulator(new SimulationOptions(Duration: TimeSpan.FromMinutes(2)));
        var paced = LiveFeed.Paced(sim).ToList();
        Assert.Equal(sim.Readings().Select(r => r.Json), paced.Select(p => p.Json));
        Assert.True(paced[0].Offset >= TimeSpan.Zero);
        Assert.True(paced.Zip(paced.Skip(1), (a, b) => a.Offset <= b.Offset).All(ok => ok));
        Assert.True(paced[^1].Offset < TimeSpan.FromMinutes(2));

        var plate = sim.Readings().Select(r => r.Json).First(j => j.Contains("\"plate\""));
        var now = new DateTimeOffset(2030, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(8));
        var restamped = LiveFeed.WithTime(plate, now);
        Assert.Equal(plate[..plate.IndexOf("\"t\":", StringComparison.Ordinal)], restamped[..restamped.IndexOf("\"t\":", StringComparison.Ordinal)]);
        Assert.Contains("\"t\":\"2030-01-01T19:04:05.678Z\"", restamped);
        var before = JsonDocument.Parse(plate).RootElement;
        var after = JsonDocument.Parse(restamped).RootElement;
        Assert.Equal(before.GetProperty("plate").GetRawText(), after.GetProperty("plate").GetRawText());
        Assert.Equal(before.GetProperty("sensor").GetString(), after.GetProperty("sensor").GetString());
        Assert.Equal(plate.Length, restamped.Length); // same shape, only the time changed
    }

    [Fact]
    public void ScenarioFiles_writes_header_readings_and_labels_as_json_lines()
    {
        var dir = Path.Combine(Path.GetTempPath(), "vigil-sim-" + Guid.NewGuid().ToString("N"));
        try
        {
            var sim = new PlantSimulator(new SimulationOptions(Seed: 3, Duration: TimeSpan.FromMinutes(10)));
            var scenario = Path.Combine(dir, "nested", "plant.jsonl");
            var labels = Path.Combine(dir, "plant.labels.jsonl");
            ScenarioFiles.Write(sim, scenario, labels);

            var bytes = File.ReadAllBytes(scenario);
            Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "no BOM");
            var lines = Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var header = sim.ScenarioHeader().ToList();
            Assert.Equal(header, lines.Take(header.Count));
            Assert.Equal(sim.Readings().Select(r => r.Json), lines.Skip(header.Count));
            Assert.Equal(sim.Labels, File.ReadAllLines(labels));
            var types = sim.Labels.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("hazard").GetString()).ToHashSet();
            Assert.Contains(HazardTypes.SensorOffline, types); // one silence even in the default 10 minutes
            Assert.Contains(HazardTypes.RooftopIntrusion, types); // 06:30–06:40 is night
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PlantSimulator(new SimulationOptions(Duration: TimeSpan.Zero)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PlantSimulator(new SimulationOptions(HazardsPerHour: -1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PlantSimulator(new SimulationOptions(CamerasPerZone: 0)));
        var none = new PlantSimulator(new SimulationOptions(HazardsPerHour: 0, Duration: TimeSpan.FromMinutes(11)));
        Assert.NotEmpty(none.Readings());
        Assert.All(none.Labels, l => Assert.Contains("sensor_offline", l)); // silences are not rate-driven
    }
}
