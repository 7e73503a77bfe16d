using System.Collections.Concurrent;
using Vigil.Messages;

namespace Vigil.Actors.Views;

/// <summary>A sensor as the plant listing shows it.</summary>
public sealed record SensorView(
    string SensorId, string Kind, string ZoneId, SensorConfig Config, bool Decommissioned,
    string Health, DateTimeOffset? LastReadingAt, long Readings, DateTimeOffset RegisteredAt, DateTimeOffset UpdatedAt);

/// <summary>A zone as the plant listing shows it.</summary>
public sealed record ZoneView(string ZoneId, ZoneConfig Config, DateTimeOffset ConfiguredAt);

/// <summary>
/// The node's read side: zones, sensors and alarms projected from the journal by tag and kept fresh by the
/// cluster topics. Written only by the projection actors (and by the API right after a command it saw succeed);
/// read without locks by the HTTP handlers.
/// </summary>
public sealed class ReadModel(int keepResolved = ReadModel.DefaultKeepResolved)
{
    /// <summary>
    /// How many resolved alarms the view keeps (the newest): open alarms are always kept, but a plant raises thousands
    /// of alarms a week, and a node's memory and its view checkpoints must not grow with the whole history. The
    /// journal keeps every alarm's full timeline; the trends keep the counts.
    /// </summary>
    public const int DefaultKeepResolved = 10_000;

    private readonly ConcurrentDictionary<string, Alarm> _alarms = new();
    private readonly ConcurrentQueue<string> _resolved = new();
    private readonly ConcurrentDictionary<string, SensorView> _sensors = new();
    private readonly ConcurrentDictionary<string, ZoneView> _zones = new();
    private readonly ConcurrentDictionary<string, bool> _caughtUp = new();
    private readonly List<Action<AlarmChanged>> _listeners = [];
    private readonly Lock _listenersLock = new();

    public IEnumerable<Alarm> Alarms => _alarms.Values;
    public IEnumerable<SensorView> Sensors => _sensors.Values;
    public IEnumerable<ZoneView> Zones => _zones.Values;

    public Alarm? Alarm(string id) => _alarms.GetValueOrDefault(id);
    public SensorView? Sensor(string id) => _sensors.GetValueOrDefault(id);
    public ZoneView? Zone(string id) => _zones.GetValueOrDefault(id);

    /// <summary>True once each projection has read the journal up to the moment it started.</summary>
    public bool CaughtUp(params string[] tags) => tags.All(t => _caughtUp.ContainsKey(t));

    public void MarkCaughtUp(string tag) => _caughtUp[tag] = true;

    /// <summary>Keep the newer of two versions of an alarm; tell listeners when it changed.</summary>
    public bool Upsert(Alarm alarm, string change, Hazard? hazard)
    {
        while (true)
        {
            if (_alarms.TryGetValue(alarm.Id, out var current))
            {
                if (current.Version >= alarm.Version)
                    return false;
                if (!_alarms.TryUpdate(alarm.Id, alarm, current))
                    continue;
            }
            else if (!_alarms.TryAdd(alarm.Id, alarm))
                continue;
            if (!alarm.IsOpen && (current is null || current.IsOpen))
                ForgetOldResolved(alarm.Id);
            Notify(new AlarmChanged(change, alarm, hazard));
            return true;
        }
    }

    private void ForgetOldResolved(string resolvedId)
    {
        _resolved.Enqueue(resolvedId);
        while (_resolved.Count > keepResolved && _resolved.TryDequeue(out var oldest))
            if (_alarms.TryGetValue(oldest, out var a) && !a.IsOpen)
                _alarms.TryRemove(oldest, out _);
    }

    public void Upsert(SensorView sensor) => _sensors[sensor.SensorId] = sensor;

    public void Upsert(ZoneView zone) => _zones[zone.ZoneId] = zone;

    public void RemoveZone(string zoneId) => _zones.TryRemove(zoneId, out _);

    /// <summary>Merge live health into a sensor's entry; status for a sensor not yet projected is kept for when it is.</summary>
    public void Apply(SensorStatusChanged s) =>
        _sensors.AddOrUpdate(s.SensorId,
            _ => new SensorView(s.SensorId, s.Kind, s.ZoneId, SensorConfig.Empty, s.Health == SensorHealth.Decommissioned, s.Health, s.LastReadingAt, s.Readings, s.At, s.At),
            (_, v) => s.At < v.UpdatedAt && v.Health != SensorHealth.Unknown ? v : v with
            {
                Health = s.Health, LastReadingAt = s.LastReadingAt ?? v.LastReadingAt, Readings = Math.Max(v.Readings, s.Readings), UpdatedAt = s.At,
            });

    /// <summary>Listen to every alarm change this node learns of; the returned handle stops listening.</summary>
    public IDisposable Listen(Action<AlarmChanged> listener)
    {
        lock (_listenersLock)
            _listeners.Add(listener);
        return new Unlisten(this, listener);
    }

    private void Notify(AlarmChanged change)
    {
        Action<AlarmChanged>[] listeners;
        lock (_listenersLock)
            listeners = [.. _listeners];
        foreach (var l in listeners)
            l(change);
    }

    private sealed class Unlisten(ReadModel model, Action<AlarmChanged> listener) : IDisposable
    {
        public void Dispose()
        {
            lock (model._listenersLock)
                model._listeners.Remove(listener);
        }
    }
}
