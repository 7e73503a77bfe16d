#nullable enable
using Vigil.Messages;

namespace Vigil.Actors.Sensors;

/// <summary>Who is speaking: stamps hazards with the sensor, its zone and a deterministic id.</summary>
internal sealed record SensorIdentity(string SensorId, string ZoneId)
{
    public Hazard Hazard(
        string type,
        DateTimeOffset t,
        string? subject = null,
        double? kmh = null,
        double? limitKmh = null,
        double? maxC = null,
        string severity = Severities.Warning,
        string? detail = null) =>
        new(Vigil.Messages.Hazard.MakeId(SensorId, type, subject, t, detail), type, SensorId, ZoneId, t, subject, kmh, limitKmh, maxC, severity, detail);
}
