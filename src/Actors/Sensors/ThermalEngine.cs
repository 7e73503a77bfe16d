#nullable enable
using Vigil.Messages;

namespace Vigil.Actors.Sensors;

/// <summary>A thermal imager: a frame maximum over the alarm in consecutive frames is a hot spot, with hysteresis before it re-arms.</summary>
public sealed class ThermalEngine : ISensorEngine
{
    private readonly SensorIdentity _id;
    private readonly double _alarm;
    private readonly double _critical;
    private int _overInARow;
    private int _coolInARow;
    private bool _inEpisode;

    public ThermalEngine(string sensorId, string zoneId, SensorConfig config)
    {
        _id = new SensorIdentity(sensorId, zoneId);
        _alarm = config.AlarmC ?? SensorDefaults.ThermalAlarmC;
        _critical = config.CriticalC ?? SensorDefaults.ThermalCriticalC;
    }

    public IReadOnlyList<Hazard> Observe(DateTimeOffset t, ReadingPayload payload)
    {
        if (payload is not ThermalFrame frame || MaxOf(frame) is not { } max)
            return [];

        _overInARow = max > _alarm ? _overInARow + 1 : 0;
        if (_inEpisode)
        {
            // Hysteresis: a spot hovering around the alarm must not re-alarm on every crossing.
            _coolInARow = max < _alarm - SensorDefaults.ThermalHysteresisC ? _coolInARow + 1 : 0;
            if (_coolInARow >= SensorDefaults.ThermalRearmFrames)
            {
                _inEpisode = false;
                _coolInARow = 0;
            }
            return [];
        }

        // Two frames in a row: a single frame's glitch (a hot pixel, a reflection) never alarms.
        if (_overInARow < SensorDefaults.ThermalConfirmFrames)
            return [];

        _inEpisode = true;
        _coolInARow = 0;
        var severity = max >= _critical ? Severities.Critical : Severities.Warning;
        return [_id.Hazard(HazardTypes.HotSpot, t, maxC: max, severity: severity)];
    }

    public IReadOnlyList<Hazard> Advance(DateTimeOffset now) => [];

    /// <summary>The hottest valid pixel; dead pixels (NaN) are skipped, a frame with none valid says nothing.</summary>
    private static double? MaxOf(ThermalFrame frame)
    {
        if (frame.C is null)
            return null;
        var max = double.NegativeInfinity;
        foreach (var c in frame.C)
            if (float.IsFinite(c) && c > max)
                max = c;
        return double.IsNegativeInfinity(max) ? null : max;
    }
}
