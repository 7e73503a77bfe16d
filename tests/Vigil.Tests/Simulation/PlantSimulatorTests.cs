using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Vigil.Messages;
using Vigil.Node.Simulation;
using Xunit;

namespace Vigil.Tests.Simulation;

/// <summary>One one-hour run, shared by the tests that inspect it.</summary>
public sealed class HourRun
{
    public HourRun()
    {
        Sim = new PlantSimulator(new SimulationOptions(Seed: 11, Duration: TimeSpan.FromHours(1)));
        Header = Sim.ScenarioHeader().ToList();
        Lines = Sim.Readings().ToList();
        Labels = Sim.Labels.ToList();
    }

    public PlantSimulator Sim { get; }
    public List<string> Header { get; }
    public List<SimLine> Lines { get; }
    public List<string> Labels { get; }
}

public sealed partial class PlantSimulatorTests(HourRun hour) : IClassFixture<HourRun>
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex IsoMs();

    private static readonly string[] InjectedTypes =
    [
        HazardTypes.NoHelmet, HazardTypes.ZoneIntrusion, HazardTypes.Overspeed, HazardTypes.HotSpot,
        HazardTypes.SeatbeltUnfastened, HazardTypes.DriverFatigue, HazardTypes.RooftopIntrusion, HazardTypes.SensorOffline,
        HazardTypes.PersonVehicleMixing, HazardTypes.SeatbeltBypassed,
    ];

    private static DateTimeOffset Time(JsonElement e)
    {
        var s = e.GetString()!;
        Assert.Matches(IsoMs(), s);
        return DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    private static Dictionary<string, string> SensorKindsOf(IEnumerable<string> header) =>
        header.Select(l => JsonDocument.Parse(l).RootElement)
              .Where(e => e.GetProperty("type").GetString() == "sensor")
              .ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("kind").GetString()!);

    [Fact]
    public void Same_seed_gives_identical_output_and_another_seed_does_not()
    {
        var options = new SimulationOptions(Seed: 42, Duration: TimeSpan.FromMinutes(15));
        var a = new PlantSimulator(options);
        var b = new PlantSimulator(options);
        var readingsA = a.Readings().ToList();
        var readingsB = b.Readings().ToList();

        Assert.Equal(a.ScenarioHeader(), b.ScenarioHeader());
        Assert.Equal(readingsA, readingsB);
        Assert.Equal(a.Labels, b.Labels);
        Assert.NotEmpty(a.Labels);

        // Enumerating again starts the run afresh, with the same labels.
        Assert.Equal(readingsA, a.Readings().ToList());
        Assert.Equal(b.Labels, a.Labels);

        var c = new PlantSimulator(options with { Seed = 43 });
        Assert.NotEqual(readingsA.Select(l => l.Json), c.Readings().Select(l => l.Json));
    }

    [Fact]
    public void Readings_are_in_non_decreasing_time_within_the_run()
    {
        var sim = hour.Sim;
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 6, 30, 0, TimeSpan.Zero), sim.Start);
        var previous = DateTimeOffset.MinValue;
        foreach (var line in hour.Lines)
        {
            Assert.True(line.T >= previous, $"{line.T:O} after {previous:O}");
            Assert.True(line.T >= sim.Start && line.T < sim.Start + sim.Duration);
            previous = line.T;
        }
        Assert.True(hour.Lines.Count > 50_000, $"only {hour.Lines.Count} readings in an hour");
    }

    [Fact]
    public void Header_lines_are_zones_then_sensors_in_the_scenario_format()
    {
        var zones = new HashSet<string>();
        var sensors = new HashSet<string>();
        foreach (var line in hour.Header)
        {
            var e = JsonDocument.Parse(line).RootElement;
            var id = e.GetProperty("id").GetString();
            Assert.Null(Ids.Problem(id, "id"));
            switch (e.GetProperty("type").GetString())
            {
                case "zone":
                    Assert.Empty(sensors); // zones come first
                    Assert.True(ZoneKinds.IsKnown(e.GetProperty("kind").GetString()));
                    Assert.True(zones.Add(id!));
                    break;
                case "sensor":
                    Assert.True(SensorKinds.IsKnown(e.GetProperty("kind").GetString()));
                    Assert.Contains(e.GetProperty("zone").GetString()!, zones);
                    Assert.True(sensors.Add(id!));
                    break;
                default:
                    Assert.Fail(line);
                    break;
            }
        }
        Assert.Equal(["moulding-a", "road-east", "scrap-pit-1", "forklift-bay", "rooftop-dorm"], zones);
        Assert.Equal(["cam-m1", "radar-e1", "cam-e1", "th-pit1", "fl-07", "cam-r1"], sensors);

        var byId = hour.Header.Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(e => e.GetProperty("id").GetString()!);
        Assert.Equal(20, byId["road-east"].GetProperty("speed_limit_kmh").GetDouble());
        Assert.Equal(10, byId["forklift-bay"].GetProperty("speed_limit_kmh").GetDouble());
        Assert.Equal(10, byId["cam-e1"].GetProperty("config").GetProperty("expected_interval_s").GetDouble());
        var cam = byId["cam-m1"].GetProperty("config");
        Assert.Equal(["helmet", "intrusion"], cam.GetProperty("rules").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(4, cam.GetProperty("danger_zones")[0].GetArrayLength());
        var hours = byId["cam-r1"].GetProperty("config").GetProperty("active_hours");
        Assert.Equal("19:00", hours.GetProperty("from").GetString());
        Assert.Equal("07:00", hours.GetProperty("to").GetString());
    }

    [Fact]
    public void Every_reading_is_valid_json_with_the_payload_of_its_sensor_kind()
    {
        var kinds = SensorKindsOf(hour.Header);
        var seen = new HashSet<string>();
        foreach (var line in hour.Lines)
        {
            var e = JsonDocument.Parse(line.Json).RootElement;
            Assert.Equal("reading", e.GetProperty("type").GetString());
            Assert.Equal(line.T, Time(e.GetProperty("t")));
            var sensor = e.GetProperty("sensor").GetString()!;
            Assert.True(kinds.TryGetValue(sensor, out var kind), $"undeclared sensor {sensor}");
            var payload = e.EnumerateObject().Select(p => p.Name).Except(["type", "t", "sensor", "frame"]).Single();
            seen.Add($"{kind}.{payload}");
            var p = e.GetProperty(payload);
            switch ((kind, payload))
            {
                case ("camera", "detections"):
                    foreach (var d in p.EnumerateArray())
                    {
                        Assert.Contains(d.GetProperty("cls").GetString(), new[] { "person", "vehicle", "forklift" });
                        Assert.Equal(4, d.GetProperty("box").GetArrayLength());
                        Assert.InRange(d.GetProperty("conf").GetDouble(), 0, 1);
                        if (d.TryGetProperty("helmet", out var h)) Assert.True(h.ValueKind is JsonValueKind.True or JsonValueKind.False);
                    }
                    break;
                case ("radar", "speed"):
                    Assert.False(string.IsNullOrEmpty(p.GetProperty("target").GetString()));
                    Assert.InRange(p.GetProperty("kmh").GetDouble(), 5, 80);
                    Assert.InRange(p.GetProperty("lane").GetInt32(), 1, 2);
                    break;
                case ("radar", "plate"):
                    Assert.False(string.IsNullOrEmpty(p.GetProperty("text").GetString()));
                    Assert.InRange(p.GetProperty("conf").GetDouble(), 0, 1);
                    Assert.InRange(p.GetProperty("lane").GetInt32(), 1, 2);
                    break;
                case ("thermal", "thermal"):
                    Assert.Equal(16, p.GetProperty("w").GetInt32());
                    Assert.Equal(12, p.GetProperty("h").GetInt32());
                    Assert.Equal(16 * 12, p.GetProperty("c").GetArrayLength());
                    break;
                case ("forklift", "telemetry"):
                    Assert.InRange(p.GetProperty("kmh").GetDouble(), 0, 17);
                    p.GetProperty("seatbelt").GetBoolean();
                    p.GetProperty("seat").GetBoolean();
                    p.GetProperty("ignition").GetBoolean();
                    break;
                case ("forklift", "driver"):
                    p.GetProperty("face").GetBoolean();
                    if (p.TryGetProperty("eye_open", out var eye)) Assert.InRange(eye.GetDouble(), 0, 1);
                    break;
                default:
                    Assert.Fail($"{kind} sensor {sensor} sent '{payload}'");
                    break;
            }
        }
        Assert.Equal(
            new[] { "camera.detections", "forklift.driver", "forklift.telemetry", "radar.plate", "radar.speed", "thermal.thermal" },
            seen.Order());
    }

    [Fact]
    public void A_one_hour_run_labels_every_injected_hazard_type_in_the_labels_format()
    {
        var kinds = SensorKindsOf(hour.Header);
        var counts = new Dictionary<string, int>();
        foreach (var line in hour.Labels)
        {
            var e = JsonDocument.Parse(line).RootElement;
            var hazard = e.GetProperty("hazard").GetString()!;
            counts[hazard] = counts.GetValueOrDefault(hazard) + 1;
            Assert.Contains(hazard, InjectedTypes);
            var sensor = e.GetProperty("sensor").GetString()!;
            Assert.True(kinds.ContainsKey(sensor), $"label for undeclared sensor {sensor}");

            var from = Time(e.GetProperty("from"));
            var to = Time(e.GetProperty("to"));
            var onset = e.TryGetProperty("onset", out var o) ? Time(o) : from;
            Assert.True(from <= onset && onset <= to, line);
            Assert.True(from >= hour.Sim.Start && to < hour.Sim.Start + hour.Sim.Duration, line);

            var hasSubject = e.TryGetProperty("subject", out var subject);
            switch (hazard)
            {
                case HazardTypes.NoHelmet or HazardTypes.ZoneIntrusion or HazardTypes.RooftopIntrusion or HazardTypes.PersonVehicleMixing:
                    Assert.Equal("camera", kinds[sensor]);
                    Assert.True(hasSubject, line);
                    break;
                case HazardTypes.Overspeed when kinds[sensor] == "forklift":
                    Assert.False(hasSubject, line);
                    break;
                case HazardTypes.Overspeed:
                    Assert.Equal("radar", kinds[sensor]);
                    Assert.True(hasSubject, line);
                    Assert.InRange(e.GetProperty("kmh").GetDouble(), 24, 45);
                    break;
                case HazardTypes.HotSpot:
                    Assert.Equal("thermal", kinds[sensor]);
                    Assert.InRange((onset - from).TotalSeconds, 90, 150);
                    break;
                case HazardTypes.SeatbeltUnfastened or HazardTypes.DriverFatigue or HazardTypes.SeatbeltBypassed:
                    Assert.Equal("forklift", kinds[sensor]);
                    break;
                case HazardTypes.SensorOffline:
                    Assert.Equal(hour.Sim.SilentCamera, sensor);
                    Assert.Equal(10, (onset - from).TotalSeconds);
                    break;
            }
            if (hasSubject) Assert.False(string.IsNullOrEmpty(subject.GetString()), line);
        }
        foreach (var type in InjectedTypes)
            Assert.True(counts.GetValueOrDefault(type) > 0, $"no {type} label in an hour: {string.Join(", ", counts)}");
        Assert.Equal(6, counts[HazardTypes.SensorOffline]); // one silence per 10 minutes
        Assert.InRange(counts[HazardTypes.Overspeed], 16, 24); // radar 10–12, forklift up to 12
        Assert.InRange(counts[HazardTypes.RooftopIntrusion], 3, 6); // only 06:30–07:00 is night
    }

    [Fact]
    public void Every_sensor_referenced_by_readings_and_labels_was_declared()
    {
        var declared = SensorKindsOf(hour.Header).Keys.ToHashSet();
        var reading = hour.Lines.Select(l => JsonDocument.Parse(l.Json).RootElement.GetProperty("sensor").GetString()!).ToHashSet();
        var labelled = hour.Labels.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("sensor").GetString()!).ToHashSet();
        Assert.Subset(declared, reading);
        Assert.Subset(declared, labelled);
        Assert.Equal(declared, reading); // and every declared sensor speaks

        var wide = new PlantSimulator(new SimulationOptions(CamerasPerZone: 2, Duration: TimeSpan.FromMinutes(3)));
        var wideDeclared = SensorKindsOf(wide.ScenarioHeader()).Keys.ToHashSet();
        Assert.Contains("cam-m2", wideDeclared);
        Assert.Contains("cam-e2", wideDeclared);
        Assert.Contains("cam-r2", wideDeclared);
        var wideReading = wide.Readings().Select(l => JsonDocument.Parse(l.Json).RootElement.GetProperty("sensor").GetString()!).ToHashSet();
        Assert.Equal(wideDeclared, wideReading);
    }
}

public sealed class SimulationRateTests
{
    [Fact]
    public void A_high_rate_caps_long_episodes_so_labels_of_one_sensor_never_overlap()
    {
        // The demo's setting: 30 per hour per type.
        var sim = new PlantSimulator(new SimulationOptions(Seed: 5, Duration: TimeSpan.FromHours(1), HazardsPerHour: 30));
        foreach (var _ in sim.Readings()) { }
        var labels = sim.Labels.Select(l => JsonDocument.Parse(l).RootElement).Select(e => (
            Hazard: e.GetProperty("hazard").GetString()!,
            Sensor: e.GetProperty("sensor").GetString()!,
            From: DateTimeOffset.Parse(e.GetProperty("from").GetString()!, CultureInfo.InvariantCulture),
            To: DateTimeOffset.Parse(e.GetProperty("to").GetString()!, CultureInfo.InvariantCulture))).ToList();

        var counts = labels.GroupBy(l => l.Hazard).ToDictionary(g => g.Key, g => g.Count());
        Assert.InRange(counts[HazardTypes.Overspeed.ToString()], 27, 60);
        Assert.InRange(counts[HazardTypes.NoHelmet], 25, 30);
        Assert.InRange(counts[HazardTypes.HotSpot], 10, 14); // a hot spot takes about four minutes: capped
        Assert.True(counts[HazardTypes.SeatbeltUnfastened] >= 20);
        Assert.True(counts[HazardTypes.DriverFatigue] >= 20);

        // Thermal and forklift hazards have no subject: their episodes must not overlap, or one would hide another.
        foreach (var group in labels.Where(l => l.Sensor is PlantSimulator.ThermalId or PlantSimulator.ForkliftId).GroupBy(l => l.Sensor))
        {
            var ordered = group.OrderBy(l => l.From).ToList();
            for (var i = 1; i < ordered.Count; i++)
                Assert.True(ordered[i].From > ordered[i - 1].To.AddSeconds(5), $"{ordered[i - 1]} overlaps {ordered[i]}");
        }
    }
}
