namespace Vigil.Messages;

/// <summary>A confirmed, fused finding of one sensor. Id is deterministic so a resent hazard is recognised.</summary>
public sealed record Hazard(
    string Id,
    string Type,
    string SensorId,
    string ZoneId,
    DateTimeOffset T,
    string? Subject = null,
    double? Kmh = null,
    double? LimitKmh = null,
    double? MaxC = null,
    string Severity = Severities.Warning,
    string? Detail = null)
{
    public static string MakeId(string sensorId, string type, string? subject, DateTimeOffset t) =>
        $"{sensorId}|{type}|{subject}|{t.UtcTicks}";

    /// <summary>The de-duplication key within a zone: same hazard, sensor and subject.</summary>
    public string DedupKey => $"{Type}|{SensorId}|{Subject}";
}
