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
    string? Detail = null,
    string? Evidence = null)
{
    /// <param name="discriminator">tells apart two findings of one sensor with the same type, subject and time (two unplated vehicles in one radar scan)</param>
    public static string MakeId(string sensorId, string type, string? subject, DateTimeOffset t, string? discriminator = null) =>
        discriminator is null ? $"{sensorId}|{type}|{subject}|{t.UtcTicks}" : $"{sensorId}|{type}|{subject}|{t.UtcTicks}|{discriminator}";

    /// <summary>The de-duplication key within a zone: same hazard, sensor and subject.</summary>
    public string DedupKey => $"{Type}|{SensorId}|{Subject}";
}
