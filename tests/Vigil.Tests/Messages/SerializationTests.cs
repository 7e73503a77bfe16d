using System.Collections.Immutable;
using Akka.Actor;
using Akka.Serialization;
using Akka.TestKit.Xunit2;
using Vigil.Messages;
using Vigil.Messages.Serialization;
using Vigil.Tests.Support;
using Xunit;

namespace Vigil.Tests.Messages;

public sealed class SerializationTests() : TestKit(TestConfigs.InMemoryPersistence)
{
    private static readonly DateTimeOffset T = new(2026, 3, 2, 8, 0, 1, 350, TimeSpan.FromHours(8));

    [Fact]
    public void Every_protocol_type_has_a_unique_manifest()
    {
        var types = typeof(IVigilMessage).Assembly.GetTypes()
            .Where(t => typeof(IVigilMessage).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false });
        var missing = types.Where(t => !Manifests.NameOf.ContainsKey(t)).Select(t => t.Name).ToList();
        Assert.True(missing.Count == 0, "no manifest for: " + string.Join(", ", missing));
        Assert.Equal(Manifests.NameOf.Count, Manifests.NameOf.Values.Distinct().Count());
        Assert.All(Manifests.NameOf.Values, m => Assert.Matches(@"^[a-z-]+\.v\d+$", m));
    }

    public static TheoryData<object> Samples()
    {
        var hazard = new Hazard("radar-e1|overspeed|苏H12345|1", HazardTypes.Overspeed, "radar-e1", "road-east", T, "苏H12345", Kmh: 31.2, LimitKmh: 20);
        var command = new ActuatorCommand("road-east-siren", ActuatorKinds.Siren, "on", 30, "road-east", "a-000001@road-east", T, HazardTypes.Overspeed);
        var alarm = new Alarm("a-000001@road-east", "road-east", AlarmStates.Raised, 1, T, T, T,
            [hazard], [command], [new TimelineEntry(T, "raised", null, "overspeed")], 3);
        var config = new SensorConfig
        {
            Rules = ["helmet", "intrusion"],
            DangerZones = [[new Point(100, 400), new Point(600, 400), new Point(600, 1000)]],
            ActiveHours = new ActiveHours(new TimeOnly(19, 0), new TimeOnly(7, 0)),
            ExpectedIntervalS = 10,
            MixingDistanceM = 3.5,
        };
        return new TheoryData<object>
        {
            new SensorReading("cam-m1", T, new CameraDetections([new Detection("person", 812, 300, 90, 240, 0.91, "12", false)], 1920, 1080)),
            new SensorReading("radar-e1", T, new RadarSpeed("7", 31.2, 1)),
            new SensorReading("radar-e1", T, new PlateRead("苏H12345", 0.93, 1)),
            new SensorReading("th-1", T, new ThermalFrame(2, 1, [21.5f, 90.25f])),
            new SensorReading("fl-1", T, new ForkliftTelemetry(8.5, false, true, true)),
            new SensorReading("fl-1", T, new DriverState(true, 0.1, false, true)),
            new RegisterSensor("cam-m1", SensorKinds.Camera, "moulding-a", config, new ZoneContext(ZoneKinds.Production, null)),
            new UpdateZoneContext("radar-e1", "road-east", new ZoneContext(ZoneKinds.Road, 20)),
            new SensorRegistered("cam-m1", SensorKinds.Camera, "moulding-a", config, new ZoneContext(ZoneKinds.Production, null), T),
            new ConfigureZone("road-east", ZoneConfig.DefaultFor(ZoneKinds.Road, "road-east") with { SpeedLimitKmh = 20 }),
            new ReportHazard("road-east", hazard),
            new SensorHazardsPending("radar-e1", [hazard], T),
            new AlarmRaised("road-east", "a-000001@road-east", 1, T, T, hazard),
            new ActuatorCommanded("road-east", "a-000001@road-east", 2, T, command),
            new AlarmEscalated("road-east", "a-000001@road-east", 3, T, 1, "shift-supervisor"),
            new AlarmDispatched("road-east", "a-000001@road-east", 4, T, "ana", "patrol-2", "go"),
            new AlarmChanged("raised", alarm, hazard),
            new ZoneSnapshot(ZoneConfig.DefaultFor(ZoneKinds.ScrapPit, "pit"), 5, [alarm], ["h1\ta-000001@pit"], T),
            new ViewCheckpoint("alarm", 1234, Alarms: [alarm]),
            new ViewCheckpoint("sensor", 77, Sensors: [new CheckpointedSensor("cam-m1", SensorKinds.Camera, "moulding-a", config, false, T, T)]),
            new ViewCheckpoint("zone", 5, Zones: [new ZoneConfigured("road-east", ZoneConfig.DefaultFor(ZoneKinds.Road, "road-east"), T)]),
            new Rejected("x", Rejected.Invalid, "bad"),
            new SensorInfo("cam-m1", SensorKinds.Camera, "moulding-a", config, true, false, SensorHealth.Online, T, 10, 1, 2, UptimePct: 99.25),
            new SensorStatusChanged("cam-m1", SensorKinds.Camera, "moulding-a", SensorHealth.Offline, T, 10, T, UptimePct: 97.5),
        };
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Message_round_trips_through_the_bound_serializer(object message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<VigilSerializer>(serializer);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        var back = Sys.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, manifest);

        // Records compare by value, but collections inside compare by reference: compare the JSON instead.
        Assert.Equal(message.GetType(), back.GetType());
        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(message, message.GetType(), VigilSerializer.Options),
            System.Text.Json.JsonSerializer.Serialize(back, back.GetType(), VigilSerializer.Options));
    }

    [Fact]
    public void Unknown_manifest_fails_with_a_clear_message()
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerForType(typeof(Accepted));
        var ex = Assert.ThrowsAny<Exception>(() => serializer.FromBinary("{}"u8.ToArray(), "from-the-future.v9"));
        Assert.Contains("from-the-future.v9", ex.Message);
    }
}
