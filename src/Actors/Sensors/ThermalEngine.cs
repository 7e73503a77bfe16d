#nullable enable
using Vigil.Messages;

namespace Vigil.Actors.Sensors;

/// <summary>
/// A thermal imager: a real hot region (connected cells over the alarm, of the minimum area or with heat spreading around it)
/// in two consecutive frames is a hot spot, or in one frame when the region's temperature has been rising at the warning
/// rate on its way up (rate of rise as early warning: a rising fire needs no second look). Hysteresis before it re-arms.
/// Single glitching pixels and a known hot object that stays below the alarm never alarm.
/// </summary>
public sealed class ThermalEngine : ISensorEngine
{
    private readonly SensorIdentity _id;
    private readonly double _alarm;
    private readonly double _critical;
    private readonly double _warnRisePerS;
    private readonly Queue<(DateTimeOffset T, double C)> _trend = new();
    private int _overInARow;
    private int _coolInARow;
    private bool _inEpisode;
    private int _episodePeak = -1;

    public ThermalEngine(string sensorId, string zoneId, SensorConfig config)
    {
        _id = new SensorIdentity(sensorId, zoneId);
        _alarm = config.AlarmC ?? SensorDefaults.ThermalAlarmC;
        _critical = config.CriticalC ?? SensorDefaults.ThermalCriticalC;
        _warnRisePerS = (config.WarnRiseCPerMin ?? SensorDefaults.ThermalWarnRiseCPerMin) / 60.0;
    }

    public IReadOnlyList<Hazard> Observe(DateTimeOffset t, ReadingPayload payload)
    {
        if (payload is not ThermalFrame frame || frame.C is null || frame.W <= 0 || frame.H <= 0)
            return [];
        var regions = HotRegions.Of(frame.W, frame.H, frame.C, _alarm, SensorDefaults.ThermalMinAreaCells);
        if (double.IsNaN(regions.Ambient))
            return [];

        var rising = Rising(t, regions.SupportedMax);
        var max = regions.RegionMax;
        _overInARow = max is not null ? _overInARow + 1 : 0;
        if (_inEpisode)
        {
            // Hysteresis, where the spot was: a spot hovering around the alarm must not re-alarm on every crossing, and a
            // warm object elsewhere in the picture must not keep the episode open.
            var local = HotRegions.LocalMax(frame.W, frame.H, frame.C, _episodePeak, SensorDefaults.ThermalEpisodeRadiusCells);
            var cool = local < _alarm - SensorDefaults.ThermalHysteresisC;
            _coolInARow = cool ? _coolInARow + 1 : 0;
            if (_coolInARow >= SensorDefaults.ThermalRearmFrames)
            {
                _inEpisode = false;
                _coolInARow = 0;
            }
            return [];
        }

        if (max is not { } hot || (_overInARow < SensorDefaults.ThermalConfirmFrames && rising is null))
            return [];

        _inEpisode = true;
        _episodePeak = regions.RegionPeak;
        _coolInARow = 0;
        var severity = hot >= _critical ? Severities.Critical : Severities.Warning;
        var detail = rising is { } r ? $"rising {r * 60:0} °C/min" : null;
        return [_id.Hazard(HazardTypes.HotSpot, t, maxC: hot, severity: severity, detail: detail)];
    }

    public IReadOnlyList<Hazard> Advance(DateTimeOffset now) => [];

    /// <summary>The rise rate (°C/s) of the hottest real cell over the trend window when it is at least the warning rate; null otherwise.</summary>
    private double? Rising(DateTimeOffset t, double? supportedMax)
    {
        var window = TimeSpan.FromSeconds(SensorDefaults.ThermalTrendWindowS);
        while (_trend.Count > 0 && t - _trend.Peek().T > window)
            _trend.Dequeue();
        double? rate = null;
        if (_trend.Count >= SensorDefaults.ThermalTrendMinFrames && t - _trend.Peek().T >= window / 2)
        {
            // Least squares over the window: one noisy frame cannot fake a trend.
            var t0 = _trend.Peek().T;
            double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
            foreach (var (ti, ci) in _trend)
            {
                var x = (ti - t0).TotalSeconds;
                n++;
                sx += x;
                sy += ci;
                sxx += x * x;
                sxy += x * ci;
            }
            var denominator = n * sxx - sx * sx;
            if (denominator > 0)
            {
                var slope = (n * sxy - sx * sy) / denominator;
                if (slope >= _warnRisePerS && _trend.Last().C >= _alarm - SensorDefaults.ThermalRiseApproachC)
                    rate = slope;
            }
        }
        _trend.Enqueue((t, supportedMax ?? double.NaN));
        if (double.IsNaN(_trend.Last().C))
            _trend.Clear();
        return rate;
    }
}
