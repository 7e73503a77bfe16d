using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Actors.Views;
using Vigil.Messages;
using Vigil.Node.Ingest;

namespace Vigil.Node.Api;

/// <summary>The API's JSON shapes: hazards as in the spec's hazards output, alarms with actuators and timeline.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Event times keep their own offset, with milliseconds, as in the spec ("2026-03-02T08:00:01.350Z").</summary>
    public static string Time(DateTimeOffset t) => HazardWriter.FormatTime(t);

    /// <summary>A hazard as in the spec's hazards output, plus the limit and severity operators want to see.</summary>
    public static JsonObject Hazard(Hazard h, string alarmId)
    {
        var o = JsonNode.Parse(HazardWriter.ToJsonLine(h, alarmId))!.AsObject();
        if (h.LimitKmh is { } limit) o["limit_kmh"] = limit;
        if (h.Severity != Severities.Warning) o["severity"] = h.Severity;
        if (h.Evidence is { } evidence) o["evidence"] = $"/api/evidence/{evidence}";
        if (h.Detail is not null) o["detail"] = h.Detail;
        return o;
    }

    public static JsonObject Alarm(Alarm a, bool withTimeline = true)
    {
        var o = new JsonObject
        {
            ["id"] = a.Id,
            ["zone"] = a.ZoneId,
            ["state"] = a.State,
            ["level"] = a.Level,
            ["severity"] = a.Severity,
            ["raised_at"] = Time(a.RaisedWallAt),
            ["event_time"] = Time(a.RaisedAt),
            ["updated_at"] = Time(a.UpdatedAt),
            ["version"] = a.Version,
            ["hazards"] = new JsonArray(a.Hazards.Select(h => (JsonNode)Hazard(h, a.Id)).ToArray()),
            ["actuators"] = new JsonArray(a.Actuators.Select(c => (JsonNode)new JsonObject
            {
                ["actuator"] = c.ActuatorId,
                ["kind"] = c.Kind,
                ["action"] = c.Action,
                ["duration_s"] = c.DurationS,
                ["at"] = Time(c.At),
                ["reason"] = c.Reason,
            }).ToArray()),
        };
        if (a.Patrol is not null) o["patrol"] = a.Patrol;
        if (withTimeline)
            o["timeline"] = new JsonArray(a.Timeline.Select(t => (JsonNode)new JsonObject
            {
                ["at"] = Time(t.At),
                ["action"] = t.Action,
                ["by"] = t.By,
                ["detail"] = t.Detail,
            }).ToArray());
        return o;
    }

    public static JsonObject Sensor(SensorView s) => new()
    {
        ["id"] = s.SensorId,
        ["kind"] = s.Kind,
        ["zone"] = s.ZoneId,
        ["health"] = s.Health,
        ["last_reading_at"] = s.LastReadingAt is { } t ? Time(t) : null,
        ["readings"] = s.Readings,
        ["registered_at"] = Time(s.RegisteredAt),
        ["config"] = JsonSerializer.SerializeToNode(s.Config, Options),
    };

    public static JsonObject Zone(ZoneView z, int sensors, int openAlarms) => new()
    {
        ["id"] = z.ZoneId,
        ["kind"] = z.Config.Kind,
        ["name"] = z.Config.Name,
        ["speed_limit_kmh"] = z.Config.SpeedLimitKmh,
        ["cooldown_s"] = z.Config.CooldownS,
        ["siren_s"] = z.Config.SirenS,
        ["actuators"] = JsonSerializer.SerializeToNode(z.Config.Actuators, Options),
        ["escalation"] = JsonSerializer.SerializeToNode(z.Config.Escalation, Options),
        ["sensors"] = sensors,
        ["open_alarms"] = openAlarms,
    };

    public static JsonObject Error(string error, string? code = null, object? detail = null)
    {
        var o = new JsonObject { ["error"] = error };
        if (code is not null) o["code"] = code;
        if (detail is not null) o["detail"] = JsonSerializer.SerializeToNode(detail, Options);
        return o;
    }
}
