#nullable enable
using Vigil.Messages;

namespace Vigil.Actors.Sensors;

/// <summary>Tracks a sensor's last reading on event time and reports sensor_offline once per silence longer than its expected interval.</summary>
public sealed class HealthMonitor
{
    private readonly string _sensorId;
    private readonly string _zoneId;
    private DateTimeOffset? _firstCheckAt;
    private DateTimeOffset? _now;
    private bool _offline;
    private TimeSpan _online, _silent;

    public HealthMonitor(string sensorId, string kind, string zoneId, SensorConfig config)
    {
        _sensorId = sensorId;
        _zoneId = zoneId;
        var seconds = config.ExpectedIntervalS is { } s && double.IsFinite(s) && s > 0 ? s : SensorDefaults.ExpectedIntervalS(kind);
        Interval = TimeSpan.FromSeconds(seconds);
    }

    /// <summary>The longest silence that is still normal.</summary>
    public TimeSpan Interval { get; }

    /// <summary>The newest reading time seen, null before the first reading.</summary>
    public DateTimeOffset? LastReadingAt { get; private set; }

    /// <summary>
    /// Share of event time since the first reading that the sensor was up (silences up to the interval count as up), in
    /// percent, to the newest time seen; null before the first reading.
    /// </summary>
    public double? UptimePct
    {
        get
        {
            if (LastReadingAt is not { } last || _now is not { } now)
                return null;
            var open = now > last ? now - last : TimeSpan.Zero;
            var online = _online + (open <= Interval ? open : Interval);
            var total = online + _silent + (open <= Interval ? TimeSpan.Zero : open - Interval);
            return total <= TimeSpan.Zero ? 100 : Math.Round(100 * online / total, 3);
        }
    }

    /// <summary>True once the sensor has read and no silence has been reported since.</summary>
    public bool IsOnline => LastReadingAt is not null && !_offline;

    /// <summary>Records a reading; true when the sensor had been reported offline and is now back.</summary>
    public bool Observe(DateTimeOffset t)
    {
        // A late reading must not pull the clock back and fake a silence.
        if (LastReadingAt is { } last && t > last)
        {
            // Uptime: a silence up to the interval is normal operation; beyond it the sensor was down.
            var gap = t - last;
            _online += gap <= Interval ? gap : Interval;
            _silent += gap <= Interval ? TimeSpan.Zero : gap - Interval;
        }
        if (LastReadingAt is null || t > LastReadingAt)
            LastReadingAt = t;
        if (_now is null || t > _now)
            _now = t;
        var wasOffline = _offline;
        _offline = false;
        return wasOffline;
    }

    /// <summary>
    /// When <see cref="Check"/> could next report a silence (the last reading, or the start of watching, plus the
    /// interval); null while the sensor stands reported offline, since only a reading can change anything then.
    /// </summary>
    public DateTimeOffset? NextCheckAt(DateTimeOffset now)
    {
        if (_offline)
            return null;
        return (LastReadingAt ?? (_firstCheckAt ??= now)) + Interval;
    }

    /// <summary>sensor_offline the first time a silence exceeds the interval, stamped with the moment it did; null otherwise.</summary>
    public Hazard? Check(DateTimeOffset now)
    {
        if (_now is null || now > _now)
            _now = now;
        if (_offline)
            return null;

        // A sensor never heard from is measured from when we first started watching it.
        var since = LastReadingAt ?? (_firstCheckAt ??= now);
        if (now - since <= Interval)
            return null;

        _offline = true;
        var t = since + Interval;
        return new Hazard(Hazard.MakeId(_sensorId, HazardTypes.SensorOffline, null, t), HazardTypes.SensorOffline, _sensorId, _zoneId, t,
            Detail: LastReadingAt is { } last ? $"no reading since {last:O}" : "never read");
    }
}
