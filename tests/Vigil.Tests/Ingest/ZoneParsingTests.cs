using Vigil.Messages;
using Vigil.Node.Ingest;
using Xunit;

namespace Vigil.Tests.Ingest;

public sealed class ZoneParsingTests
{
    [Fact]
    public void Zone_takes_kind_defaults_and_its_name()
    {
        var zone = Parse.Ok<ZoneItem>("""{"type":"zone","id":"pit-1","kind":"scrap-pit","name":"Scrap pit 1"}""");

        var defaults = ZoneConfig.DefaultFor(ZoneKinds.ScrapPit, "pit-1");
        Assert.Equal("Scrap pit 1", zone.Config.Name);
        Assert.Null(zone.Config.SpeedLimitKmh);
        Assert.Equal(defaults.Actuators, zone.Config.Actuators);
        Assert.Equal(defaults.Escalation, zone.Config.Escalation);
        Assert.Equal(defaults.CooldownS, zone.Config.CooldownS);
    }

    [Fact]
    public void Zone_accepts_cooldown_siren_actuators_and_escalation()
    {
        var zone = Parse.Ok<ZoneItem>("""
            {"type":"zone","id":"dock","kind":"logistics","cooldown_s":45,"siren_s":10,
             "actuators":[{"id":"dock-board","kind":"led-board"},{"id":"dock-gate","kind":"gate"}],
             "escalation":[{"after_s":30,"notify":"foreman"},{"after_s":90.5,"notify":"safety-officer"}]}
            """);

        Assert.Equal(45, zone.Config.CooldownS);
        Assert.Equal(10, zone.Config.SirenS);
        Assert.Equal([new ActuatorSpec("dock-board", ActuatorKinds.LedBoard), new ActuatorSpec("dock-gate", ActuatorKinds.Gate)], zone.Config.Actuators);
        Assert.Equal([new EscalationStep(30, "foreman"), new EscalationStep(90.5, "safety-officer")], zone.Config.Escalation);
    }

    [Fact]
    public void Zone_with_empty_actuator_list_has_no_actuators()
    {
        var zone = Parse.Ok<ZoneItem>("""{"type":"zone","id":"z","kind":"road","actuators":[]}""");
        Assert.Empty(zone.Config.Actuators);
    }

    [Theory]
    [InlineData("""{"type":"zone","kind":"road"}""", "zone.id is required")]
    [InlineData("""{"type":"zone","id":"bad id","kind":"road"}""", "zone.id 'bad id' may hold only")]
    [InlineData("""{"type":"zone","id":42,"kind":"road"}""", "zone.id: expected a string, got a number")]
    [InlineData("""{"type":"zone","id":"z"}""", "zone.kind is required")]
    [InlineData("""{"type":"zone","id":"z","kind":"car-park"}""", "zone.kind: 'car-park' is not one of production, road, logistics, scrap-pit, rooftop")]
    [InlineData("""{"type":"zone","id":"z","kind":"road","speed_limit_kmh":0}""", "zone.speed_limit_kmh: must be greater than 0")]
    [InlineData("""{"type":"zone","id":"z","kind":"road","speed_limit_kmh":"20"}""", "zone.speed_limit_kmh: expected a number, got a string")]
    [InlineData("""{"type":"zone","id":"z","kind":"road","name":7}""", "zone.name: expected a string")]
    [InlineData("""{"type":"zone","id":"z","kind":"road","cooldown_s":-1}""", "zone.cooldown_s: must be between 0 and")]
    [InlineData("""{"type":"zone","id":"z","kind":"road","siren_s":"Infinity"}""", "zone.siren_s: Infinity is not a number")]
    [InlineData("""{"type":"zone","id":"z","kind":"road","actuators":{}}""", "zone.actuators: expected an array, got an object")]
    [InlineData("""{"type":"zone","id":"z","kind":"road","actuators":[{"id":"z-horn","kind":"horn"}]}""", "zone.actuators[0].kind: 'horn' is not one of")]
    [InlineData("""{"type":"zone","id":"z","kind":"road","actuators":[{"kind":"siren"}]}""", "zone.actuators[0].id is required")]
    [InlineData("""{"type":"zone","id":"z","kind":"road","actuators":[{"id":"s","kind":"siren"},{"id":"s","kind":"strobe"}]}""", "zone.actuators[1].id: 's' appears more than once")]
    [InlineData("""{"type":"zone","id":"z","kind":"road","escalation":[{"after_s":60}]}""", "zone.escalation[0].notify is required")]
    [InlineData("""{"type":"zone","id":"z","kind":"road","escalation":[{"notify":"boss"}]}""", "zone.escalation[0].after_s is required")]
    [InlineData("""{"type":"zone","id":"z","kind":"road","escalation":[{"after_s":60,"notify":"a"},{"after_s":60,"notify":"b"}]}""", "zone.escalation[1].after_s: must be greater than the previous step's 60")]
    public void Invalid_zone_is_rejected_naming_the_field(string json, string expected)
    {
        Assert.StartsWith(expected, Parse.Error(json));
    }
}
