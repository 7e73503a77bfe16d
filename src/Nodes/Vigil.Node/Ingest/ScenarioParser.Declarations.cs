using System.Globalization;
using System.Text.Json;
using Vigil.Messages;

namespace Vigil.Node.Ingest;

// Zones and sensors: the declarations that come before the readings that use them.
public static partial class ScenarioParser
{
    private static readonly string[] CameraRules = ["helmet", "intrusion", "mixing", "rooftop"];
    private static readonly string[] TimeFormats = ["HH:mm", "HH:mm:ss"];

    private static ZoneItem ParseZone(Fields f)
    {
        var id = Id(f, "id");
        var kind = OneOf(f.Required("kind"), f.PathOf("kind"), ZoneKinds.All);
        var config = ZoneConfig.DefaultFor(kind, id) with
        {
            Name = f.OptionalString("name", ScenarioLimits.MaxNameChars),
            SpeedLimitKmh = f.OptionalPositive("speed_limit_kmh", ScenarioLimits.MaxKmh),
        };
        if (f.OptionalNumber("cooldown_s", 0, ScenarioLimits.MaxSeconds) is { } cooldown)
            config = config with { CooldownS = cooldown };
        if (f.OptionalNumber("siren_s", 0, ScenarioLimits.MaxSirenS) is { } siren)
            config = config with { SirenS = siren };
        if (f.TryGet("actuators", out var actuators))
            config = config with { Actuators = ParseActuators(actuators, f.PathOf("actuators")) };
        if (f.TryGet("escalation", out var escalation))
            config = config with { Escalation = ParseEscalation(escalation, f.PathOf("escalation")) };
        return new ZoneItem(id, config);
    }

    private static List<ActuatorSpec> ParseActuators(JsonElement array, string path)
    {
        var result = new List<ActuatorSpec>();
        var index = 0;
        foreach (var element in Json.Array(array, path, ScenarioLimits.MaxActuators).EnumerateArray())
        {
            var f = Fields.Of(element, $"{path}[{index++}]");
            var id = Id(f, "id");
            if (result.Any(a => a.Id == id))
                throw Json.Fail(f.PathOf("id"), $"'{id}' appears more than once");
            result.Add(new ActuatorSpec(id, OneOf(f.Required("kind"), f.PathOf("kind"), ActuatorKinds.All)));
        }
        return result;
    }

    private static List<EscalationStep> ParseEscalation(JsonElement array, string path)
    {
        var result = new List<EscalationStep>();
        var index = 0;
        foreach (var element in Json.Array(array, path, ScenarioLimits.MaxEscalationSteps).EnumerateArray())
        {
            var f = Fields.Of(element, $"{path}[{index++}]");
            var after = f.OptionalPositive("after_s", ScenarioLimits.MaxSeconds) ?? throw new FieldException($"{f.PathOf("after_s")} is required");
            // A ladder climbs: a rung that fires before the one below it is a typo, not a policy.
            if (result.Count > 0 && after <= result[^1].AfterS)
                throw Json.Fail(f.PathOf("after_s"), $"must be greater than the previous step's {Json.Format(result[^1].AfterS)}");
            result.Add(new EscalationStep(after, f.RequiredString("notify", ScenarioLimits.MaxShortText)));
        }
        return result;
    }

    private static SensorItem ParseSensor(Fields f)
    {
        var id = Id(f, "id");
        var kind = OneOf(f.Required("kind"), f.PathOf("kind"), SensorKinds.All);
        var zone = Id(f, "zone");
        var config = f.TryGet("config", out var element) ? ParseSensorConfig(Fields.Of(element, f.PathOf("config"))) : SensorConfig.Empty;
        return new SensorItem(id, kind, zone, config);
    }

    /// <summary>
    /// Every known key is read whatever the sensor's kind: the spec groups them by kind, but a key a kind
    /// does not use is harmless, and refusing it would refuse files the spec allows ("Vigil may accept more").
    /// </summary>
    private static SensorConfig ParseSensorConfig(Fields f)
    {
        var config = new SensorConfig
        {
            ExpectedIntervalS = f.OptionalPositive("expected_interval_s", ScenarioLimits.MaxSeconds),
            Rules = f.TryGet("rules", out var rules) ? ParseRules(rules, f.PathOf("rules")) : null,
            DangerZones = f.TryGet("danger_zones", out var zones) ? ParseDangerZones(zones, f.PathOf("danger_zones")) : null,
            ActiveHours = f.TryGet("active_hours", out var hours) ? ParseActiveHours(Fields.Of(hours, f.PathOf("active_hours"))) : null,
            SpeedLimitKmh = f.OptionalPositive("speed_limit_kmh", ScenarioLimits.MaxKmh),
            AlarmC = f.OptionalNumber("alarm_c", ScenarioLimits.MinCelsius, ScenarioLimits.MaxCelsius),
            CriticalC = f.OptionalNumber("critical_c", ScenarioLimits.MinCelsius, ScenarioLimits.MaxCelsius),
            WarnRiseCPerMin = f.OptionalPositive("warn_rise_c_per_min", ScenarioLimits.MaxRiseCPerMin),
            ConfirmFrames = f.OptionalInt("confirm_frames", 1, ScenarioLimits.MaxFrames),
            WindowFrames = f.OptionalInt("window_frames", 1, ScenarioLimits.MaxFrames),
            MatchWindowS = f.OptionalPositive("match_window_s", ScenarioLimits.MaxMatchWindowS),
            MixingDistanceM = f.OptionalPositive("mixing_distance_m", ScenarioLimits.MaxMixingDistanceM),
            Source = f.OptionalString("source", ScenarioLimits.MaxImagePathChars),
        };
        if (config is { AlarmC: { } alarm, CriticalC: { } critical } && critical <= alarm)
            throw Json.Fail(f.PathOf("critical_c"), $"must be above alarm_c ({Json.Format(alarm)}), got {Json.Format(critical)}");
        if (config is { ConfirmFrames: { } confirm, WindowFrames: { } window } && window < confirm)
            throw Json.Fail(f.PathOf("window_frames"), $"must be at least confirm_frames ({confirm}), got {window}");
        return config;
    }

    private static List<string> ParseRules(JsonElement array, string path)
    {
        var result = new List<string>();
        var index = 0;
        foreach (var element in Json.Array(array, path, CameraRules.Length).EnumerateArray())
        {
            var itemPath = $"{path}[{index++}]";
            var rule = OneOf(element, itemPath, CameraRules);
            if (result.Contains(rule)) throw Json.Fail(itemPath, $"'{rule}' appears more than once");
            result.Add(rule);
        }
        return result;
    }

    private static List<IReadOnlyList<Point>> ParseDangerZones(JsonElement array, string path)
    {
        var polygons = new List<IReadOnlyList<Point>>();
        var p = 0;
        foreach (var polygon in Json.Array(array, path, ScenarioLimits.MaxPolygons).EnumerateArray())
        {
            var polygonPath = $"{path}[{p++}]";
            Json.Array(polygon, polygonPath, ScenarioLimits.MaxPolygonPoints);
            if (polygon.GetArrayLength() < 3)
                throw Json.Fail(polygonPath, $"a polygon needs at least 3 points, got {polygon.GetArrayLength()}");
            var points = new List<Point>(polygon.GetArrayLength());
            var i = 0;
            foreach (var point in polygon.EnumerateArray())
            {
                var pointPath = $"{polygonPath}[{i++}]";
                Json.Tuple(point, pointPath, 2, "a point is [x, y]");
                points.Add(new Point(
                    Json.Number(point[0], $"{pointPath}[0]", -ScenarioLimits.MaxPixel, ScenarioLimits.MaxPixel),
                    Json.Number(point[1], $"{pointPath}[1]", -ScenarioLimits.MaxPixel, ScenarioLimits.MaxPixel)));
            }
            polygons.Add(points);
        }
        return polygons;
    }

    private static ActiveHours ParseActiveHours(Fields f)
    {
        var from = TimeOfDay(f, "from");
        var to = TimeOfDay(f, "to");
        // ActiveHours.Contains treats From == To as an empty window: a camera that never watches.
        return from != to ? new ActiveHours(from, to) : throw Json.Fail(f.PathOf("to"), "equals from, so the camera would never be active");
    }

    private static TimeOnly TimeOfDay(Fields f, string name)
    {
        var text = f.RequiredString(name, 8);
        return TimeOnly.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw Json.Fail(f.PathOf(name), $"{Json.Quote(text)} is not a time of day such as 19:00");
    }
}
