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
}
