using Vigil.Messages;
using Vigil.Node.Ingest;
using Xunit;

namespace Vigil.Tests.Ingest;

public sealed class SensorParsingTests
{
    [Fact]
    public void Sensor_config_keys_map_to_sensor_config()
    {
        var sensor = Parse.Ok<SensorItem>(Parse.Sensor("""
            {"expected_interval_s":0.5,"rules":["rooftop","mixing"],"danger_zones":[[[0,0],[10,0],[10,10]],[[1.5,2],[3,4],[5,-6]]],
             "active_hours":{"from":"19:00","to":"07:00"},"speed_limit_kmh":15,"alarm_c":70,"critical_c":120,"warn_rise_c_per_min":5,
             "confirm_frames":3,"window_frames":5,"match_window_s":1.5}
            """));

        var config = sensor.Config;
        Assert.Equal(0.5, config.ExpectedIntervalS);
        Assert.Equal(["rooftop", "mixing"], config.Rules!);
        Assert.Equal(2, config.DangerZones!.Count);
        Assert.Equal(new Point(5, -6), config.DangerZones[1][2]);
        Assert.Equal(new ActiveHours(new TimeOnly(19, 0), new TimeOnly(7, 0)), config.ActiveHours);
        Assert.True(config.ActiveHours!.Contains(new TimeOnly(23, 30)));
        Assert.Equal(15, config.SpeedLimitKmh);
        Assert.Equal((70d, 120d, 5d), (config.AlarmC!.Value, config.CriticalC!.Value, config.WarnRiseCPerMin!.Value));
        Assert.Equal((3, 5, 1.5), (config.ConfirmFrames!.Value, config.WindowFrames!.Value, config.MatchWindowS!.Value));
    }

    [Fact]
    public void Empty_rule_list_means_no_rules_rather_than_the_default()
    {
        var sensor = Parse.Ok<SensorItem>(Parse.Sensor("""{"rules":[]}"""));
        Assert.NotNull(sensor.Config.Rules);
        Assert.Empty(sensor.Config.Rules);
    }

    [Fact]
    public void Null_config_is_the_empty_config()
    {
        Assert.Equal(SensorConfig.Empty, Parse.Ok<SensorItem>(Parse.Sensor("null")).Config);
    }

    [Theory]
    [InlineData("""{"type":"sensor","id":"x","kind":"lidar","zone":"z1"}""", "sensor.kind: 'lidar' is not one of camera, radar, thermal, forklift")]
    [InlineData("""{"type":"sensor","id":"x","zone":"z1"}""", "sensor.kind is required")]
    [InlineData("""{"type":"sensor","kind":"radar","zone":"z1"}""", "sensor.id is required")]
    [InlineData("""{"type":"sensor","id":"-x","kind":"radar","zone":"z1"}""", "sensor.id '-x' may hold only")]
    [InlineData("""{"type":"sensor","id":"x","kind":"radar"}""", "sensor.zone is required")]
    [InlineData("""{"type":"sensor","id":"x","kind":"radar","zone":"z/1"}""", "sensor.zone 'z/1' may hold only")]
    [InlineData("""{"type":"sensor","id":"x","kind":"radar","zone":"z1","config":[]}""", "sensor.config: expected an object, got an array")]
    public void Invalid_sensor_is_rejected_naming_the_field(string json, string expected)
    {
        Assert.StartsWith(expected, Parse.Error(json));
    }

    [Fact]
    public void Sensor_id_longer_than_the_id_limit_is_rejected()
    {
        var json = $$"""{"type":"sensor","id":"{{new string('a', Ids.MaxLength + 1)}}","kind":"radar","zone":"z1"}""";
        Assert.Equal("sensor.id is longer than 64 characters", Parse.Error(json));
    }

    [Theory]
    [InlineData("""{"expected_interval_s":0}""", "sensor.config.expected_interval_s: must be greater than 0, got 0")]
    [InlineData("""{"expected_interval_s":-3}""", "sensor.config.expected_interval_s: must be greater than 0")]
    [InlineData("""{"expected_interval_s":"5"}""", "sensor.config.expected_interval_s: expected a number, got a string")]
    [InlineData("""{"rules":"helmet"}""", "sensor.config.rules: expected an array, got a string")]
    [InlineData("""{"rules":["helmet","smoking"]}""", "sensor.config.rules[1]: 'smoking' is not one of helmet, intrusion, mixing, rooftop")]
    [InlineData("""{"rules":["helmet","helmet"]}""", "sensor.config.rules[1]: 'helmet' appears more than once")]
    [InlineData("""{"rules":[1]}""", "sensor.config.rules[0]: expected a string, got a number")]
    [InlineData("""{"danger_zones":[[[0,0],[1,1]]]}""", "sensor.config.danger_zones[0]: a polygon needs at least 3 points, got 2")]
    [InlineData("""{"danger_zones":[[[0,0],[1,1],[2,2,2]]]}""", "sensor.config.danger_zones[0][2]: a point is [x, y], got 3 elements")]
    [InlineData("""{"danger_zones":[[[0,0],[1,1],[2]]]}""", "sensor.config.danger_zones[0][2]: a point is [x, y], got 1 element")]
    [InlineData("""{"danger_zones":[[[0,0],[1,1],[2,"NaN"]]]}""", "sensor.config.danger_zones[0][2][1]: NaN is not a number")]
    [InlineData("""{"danger_zones":[[[0,0],[1,1],[200000,0]]]}""", "sensor.config.danger_zones[0][2][0]: must be between -100000 and 100000")]
    [InlineData("""{"danger_zones":[[0,0,0]]}""", "sensor.config.danger_zones[0][0]: expected an array, got a number")]
    [InlineData("""{"active_hours":{"from":"7pm","to":"07:00"}}""", "sensor.config.active_hours.from: '7pm' is not a time of day")]
    [InlineData("""{"active_hours":{"from":"19:00"}}""", "sensor.config.active_hours.to is required")]
    [InlineData("""{"active_hours":{"from":"25:00","to":"07:00"}}""", "sensor.config.active_hours.from: '25:00' is not a time of day")]
    [InlineData("""{"active_hours":{"from":"07:00","to":"07:00"}}""", "sensor.config.active_hours.to: equals from")]
    [InlineData("""{"active_hours":"19:00-07:00"}""", "sensor.config.active_hours: expected an object, got a string")]
    [InlineData("""{"speed_limit_kmh":401}""", "sensor.config.speed_limit_kmh: must be between")]
    [InlineData("""{"alarm_c":2500}""", "sensor.config.alarm_c: must be between -60 and 2000, got 2500")]
    [InlineData("""{"alarm_c":100,"critical_c":90}""", "sensor.config.critical_c: must be above alarm_c (100), got 90")]
    [InlineData("""{"warn_rise_c_per_min":0}""", "sensor.config.warn_rise_c_per_min: must be greater than 0")]
    [InlineData("""{"confirm_frames":2.5}""", "sensor.config.confirm_frames: must be a whole number, got 2.5")]
    [InlineData("""{"confirm_frames":0}""", "sensor.config.confirm_frames: must be between 1 and")]
    [InlineData("""{"confirm_frames":5,"window_frames":3}""", "sensor.config.window_frames: must be at least confirm_frames (5), got 3")]
    [InlineData("""{"match_window_s":-1}""", "sensor.config.match_window_s: must be greater than 0")]
    public void Invalid_sensor_config_is_rejected_naming_the_key(string config, string expected)
    {
        Assert.StartsWith(expected, Parse.Error(Parse.Sensor(config)));
    }

    [Fact]
    public void Active_hours_accept_seconds()
    {
        var sensor = Parse.Ok<SensorItem>(Parse.Sensor("""{"active_hours":{"from":"06:30:15","to":"18:00"}}"""));
        Assert.Equal(new TimeOnly(6, 30, 15), sensor.Config.ActiveHours!.From);
    }

    [Fact]
    public void Config_keys_of_another_kind_are_kept_not_refused()
    {
        var radar = Parse.Ok<SensorItem>(Parse.Sensor("""{"alarm_c":90}""", kind: "radar"));
        Assert.Equal(90, radar.Config.AlarmC);
    }
}
