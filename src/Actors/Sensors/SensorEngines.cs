#nullable enable
using Vigil.Messages;

namespace Vigil.Actors.Sensors;

/// <summary>Builds the fusion engine for a sensor kind.</summary>
public static class SensorEngines
{
    public static ISensorEngine Create(string sensorId, string kind, string zoneId, SensorConfig config, ZoneContext zone) => kind switch
    {
        SensorKinds.Camera => new CameraEngine(sensorId, zoneId, config, zone),
        SensorKinds.Radar => new RadarEngine(sensorId, zoneId, config, zone),
        SensorKinds.Thermal => new ThermalEngine(sensorId, zoneId, config),
        SensorKinds.Forklift => new ForkliftEngine(sensorId, zoneId, config, zone),
        _ => throw new ArgumentException($"unknown sensor kind '{kind}'", nameof(kind)),
    };

    /// <summary>
    /// Why a registration cannot be served, or null: an unknown kind, a bad zone id, or a configuration no engine can
    /// be made from. Sensors make their engine on the first reading, so this is where a bad configuration is refused.
    /// </summary>
    public static string? Problem(string sensorId, string kind, string zoneId, SensorConfig config, ZoneContext zone)
    {
        if (!SensorKinds.IsKnown(kind))
            return $"kind '{kind}' is not one of {string.Join(", ", SensorKinds.All)}";
        if (Ids.Problem(zoneId, "zone") is { } zoneProblem)
            return zoneProblem;
        try
        {
            Create(sensorId, kind, zoneId, config, zone);
            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
        {
            return $"configuration: {ex.Message}";
        }
    }
}
