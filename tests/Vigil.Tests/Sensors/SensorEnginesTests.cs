#nullable enable
using Vigil.Actors.Sensors;
using Vigil.Messages;
using Xunit;

namespace Vigil.Tests.Sensors;

public sealed class SensorEnginesTests
{
    [Theory]
    [InlineData(SensorKinds.Camera, typeof(CameraEngine))]
    [InlineData(SensorKinds.Radar, typeof(RadarEngine))]
    [InlineData(SensorKinds.Thermal, typeof(ThermalEngine))]
    [InlineData(SensorKinds.Forklift, typeof(ForkliftEngine))]
    public void Factory_builds_the_engine_of_each_kind(string kind, Type expected) =>
        Assert.IsType(expected, SensorEngines.Create("s-1", kind, "z-1", SensorConfig.Empty, new ZoneContext(ZoneKinds.Production, null)));

    [Theory]
    [InlineData(SensorKinds.Radar, "road-east", null)]
    [InlineData("sonar", "road-east", "kind 'sonar' is not one of")]
    [InlineData(SensorKinds.Radar, "", "zone")]
    public void A_registration_the_engines_cannot_serve_is_named(string kind, string zone, string? problem)
    {
        var found = SensorEngines.Problem("s-1", kind, zone, SensorConfig.Empty, new ZoneContext(ZoneKinds.Road, 20));
        if (problem is null)
            Assert.Null(found);
        else
            Assert.Contains(problem, found);
    }

    [Fact]
    public void Factory_rejects_an_unknown_kind() =>
        Assert.Throws<ArgumentException>(() => SensorEngines.Create("s-1", "sonar", "z-1", SensorConfig.Empty, new ZoneContext(ZoneKinds.Production, null)));

    [Theory]
    [InlineData(ZoneKinds.Production, "helmet,intrusion")]
    [InlineData(ZoneKinds.Road, "mixing")]
    [InlineData(ZoneKinds.Logistics, "intrusion,mixing")]
    [InlineData(ZoneKinds.Rooftop, "rooftop")]
    [InlineData(ZoneKinds.ScrapPit, "intrusion")]
    public void Camera_default_rules_follow_the_zone_kind(string zoneKind, string rules) =>
        Assert.Equal(rules, string.Join(",", CameraEngine.DefaultRules(zoneKind)));

    [Fact]
    public void Camera_unknown_configured_rules_are_ignored()
    {
        var camera = new CameraEngine("c", "z", new SensorConfig { Rules = ["helmet", "teleport", "helmet"] }, new ZoneContext(ZoneKinds.Road, null));
        Assert.Equal(["helmet"], camera.Rules);
    }
}
