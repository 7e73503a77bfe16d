using Vigil.Messages;
using Vigil.Node.Ingest;
using Xunit;

namespace Vigil.Tests.Ingest;

public sealed class SpecExampleTests
{
    // The scenario example of spec/replay.md, verbatim.
    public const string Scenario = """
        {"type":"zone","id":"moulding-a","kind":"production"}
        {"type":"zone","id":"road-east","kind":"road","speed_limit_kmh":20}
        {"type":"sensor","id":"cam-m1","kind":"camera","zone":"moulding-a","config":{"rules":["helmet","intrusion"],"danger_zones":[[[100,400],[600,400],[600,1000],[100,1000]]]}}
        {"type":"sensor","id":"radar-e1","kind":"radar","zone":"road-east"}
        {"type":"reading","t":"2026-03-02T08:00:00.040Z","sensor":"cam-m1","frame":{"w":1920,"h":1080},"detections":[{"cls":"person","box":[812,300,90,240],"conf":0.91,"track":"12","helmet":false}]}
        {"type":"reading","t":"2026-03-02T08:00:01.200Z","sensor":"radar-e1","speed":{"target":"7","kmh":31.2,"lane":1}}
        {"type":"reading","t":"2026-03-02T08:00:01.350Z","sensor":"radar-e1","plate":{"text":"苏H12345","conf":0.93,"lane":1}}
        """;

    public static TheoryData<string> Lines()
    {
        var data = new TheoryData<string>();
        foreach (var line in Scenario.Split('\n')) data.Add(line);
        return data;
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void Every_spec_example_line_parses(string line)
    {
        Assert.True(ScenarioParser.TryParseLine(line, out var item, out var error), error?.Message);
        Assert.NotNull(item);
    }

    [Fact]
    public void Spec_zones_get_their_kind_and_speed_limit()
    {
        var road = Parse.Ok<ZoneItem>("""{"type":"zone","id":"road-east","kind":"road","speed_limit_kmh":20}""");

        Assert.Equal("road-east", road.ZoneId);
        Assert.Equal(ZoneKinds.Road, road.Config.Kind);
        Assert.Equal(20, road.Config.SpeedLimitKmh);
        Assert.Equal(ZoneConfig.DefaultFor(ZoneKinds.Road, "road-east").Actuators, road.Config.Actuators);
    }

    [Fact]
    public void Spec_camera_declaration_carries_rules_and_danger_zone()
    {
        var line = Scenario.Split('\n')[2];
        Assert.True(ScenarioParser.TryParseLine(line, out var item, out _));
        var camera = Assert.IsType<SensorItem>(item);

        Assert.Equal(("cam-m1", SensorKinds.Camera, "moulding-a"), (camera.SensorId, camera.Kind, camera.ZoneId));
        Assert.Equal(["helmet", "intrusion"], camera.Config.Rules!);
        var polygon = Assert.Single(camera.Config.DangerZones!);
        Assert.Equal([new Point(100, 400), new Point(600, 400), new Point(600, 1000), new Point(100, 1000)], polygon);
    }

    [Fact]
    public void Spec_radar_without_config_gets_empty_config()
    {
        var radar = Parse.Ok<SensorItem>("""{"type":"sensor","id":"radar-e1","kind":"radar","zone":"road-east"}""");
        Assert.Equal(SensorConfig.Empty, radar.Config);
    }

    [Fact]
    public void Spec_camera_reading_becomes_detections_with_frame()
    {
        var line = Scenario.Split('\n')[4];
        Assert.True(ScenarioParser.TryParseLine(line, out var item, out _));
        var reading = Assert.IsType<ReadingItem>(item);

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 0, 0, 40, TimeSpan.Zero), reading.T);
        Assert.Null(reading.ImagePath);
        var payload = Assert.IsType<CameraDetections>(reading.Payload);
        Assert.Equal((1920, 1080), (payload.FrameW, payload.FrameH));
        Assert.Equal(new Detection("person", 812, 300, 90, 240, 0.91, "12", false), Assert.Single(payload.Detections));
    }

    [Fact]
    public void Spec_radar_readings_become_speed_and_plate()
    {
        var lines = Scenario.Split('\n');
        Assert.True(ScenarioParser.TryParseLine(lines[5], out var speed, out _));
        Assert.True(ScenarioParser.TryParseLine(lines[6], out var plate, out _));

        Assert.Equal(new RadarSpeed("7", 31.2, 1), ((ReadingItem)speed).Payload);
        Assert.Equal(new PlateRead("苏H12345", 0.93, 1), ((ReadingItem)plate).Payload);
        Assert.Equal(SensorKinds.Radar, ((ReadingItem)plate).Payload!.SensorKind);
    }

    [Fact]
    public void Reading_item_turns_into_the_protocol_message()
    {
        var item = Parse.Ok<ReadingItem>(Parse.Reading("""
            "speed":{"target":"7","kmh":31.2,"lane":1}
            """));

        var reading = item.ToReading();

        Assert.Equal(new SensorReading("s1", new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), new RadarSpeed("7", 31.2, 1)), reading);
    }
}
