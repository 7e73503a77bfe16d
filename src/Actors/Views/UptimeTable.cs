using Vigil.Messages;

namespace Vigil.Actors.Views;

/// <summary>
/// Device uptime: for each sensor, the time it spent online and offline since this node first heard its status,
/// folded from the sensors' health changes (topic "sensor-status"). Pure; the caller passes the clock.
/// </summary>
public sealed class UptimeTable
{
    private sealed class Entry
    {
        public string Health = SensorHealth.Unknown;
        public DateTimeOffset Since;
        public double OnlineS;
        public double OfflineS;
    }

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _sensors = new();

    public void Apply(string sensorId, string health, DateTimeOffset at)
    {
        lock (_lock)
        {
            if (!_sensors.TryGetValue(sensorId, out var e))
                _sensors[sensorId] = e = new Entry { Since = at };
            if (at < e.Since)
                return;
            Accrue(e, at);
            e.Health = health;
        }
    }

    private static void Accrue(Entry e, DateTimeOffset now)
    {
        var span = Math.Max(0, (now - e.Since).TotalSeconds);
        if (e.Health == SensorHealth.Online)
            e.OnlineS += span;
        else if (e.Health == SensorHealth.Offline)
            e.OfflineS += span;
        e.Since = now;
    }

    /// <summary>Percent of observed time online (null before any online or offline time was seen), and the seconds observed.</summary>
    public (double? Percent, double ObservedS) Uptime(string sensorId, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_sensors.TryGetValue(sensorId, out var e))
                return (null, 0);
            var on = e.OnlineS + (e.Health == SensorHealth.Online ? Math.Max(0, (now - e.Since).TotalSeconds) : 0);
            var off = e.OfflineS + (e.Health == SensorHealth.Offline ? Math.Max(0, (now - e.Since).TotalSeconds) : 0);
            return on + off > 0 ? (100.0 * on / (on + off), on + off) : (null, 0);
        }
    }

    public IReadOnlyList<string> SensorIds
    {
        get
        {
            lock (_lock)
                return _sensors.Keys.ToList();
        }
    }
}
