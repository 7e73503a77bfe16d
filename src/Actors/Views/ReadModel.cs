using System.Collections.Concurrent;
using Vigil.Messages;

namespace Vigil.Actors.Views;

/// <summary>
/// A sensor as the plant listing shows it. ChangedAt is the At of the newest registration event (registered,
/// reconfigured, decommissioned) the entry reflects: the key the view orders a sensor's changes by. Null while the
/// view knows the sensor only from its status, or from a checkpoint older than the key.
/// </summary>
public sealed record SensorView(
    string SensorId, string Kind, string ZoneId, SensorConfig Config, bool Decommissioned,
    string Health, DateTimeOffset? LastReadingAt, long Readings, DateTimeOffset RegisteredAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? ChangedAt = null);

/// <summary>
/// A sensor's registration as one of its events (or the API right after the sensor accepted a command, or a view
/// checkpoint) tells it. ChangedAt is the event's At; null only from a checkpoint written before it was kept.
/// </summary>
public sealed record SensorRegistration(
    string SensorId, string Kind, string ZoneId, SensorConfig Config, bool Decommissioned, DateTimeOffset? ChangedAt,
    DateTimeOffset UpdatedAt, DateTimeOffset? RegisteredAt = null);

/// <summary>
/// A zone as the plant listing shows it. ConfiguredAt is the At of the ZoneConfigured it reflects: the key the view
/// orders a zone's changes by.
/// </summary>
public sealed record ZoneView(string ZoneId, ZoneConfig Config, DateTimeOffset ConfiguredAt);

/// <summary>
/// The node's read side: zones, sensors and alarms projected from the journal by tag and kept fresh by the
/// cluster topics. Written only by the projection actors (and by the API right after a command it saw succeed);
/// read without locks by the HTTP handlers.
/// <para>
/// The three routes (the API's write-through, the topics, the journal) deliver a change in any order, so every entry
/// keeps a key that only its entity advances, and a change not newer than what the entry holds is dropped: an
/// alarm's <see cref="Alarm.Version"/>, a sensor's <see cref="SensorView.ChangedAt"/>, a zone's
/// <see cref="ZoneView.ConfiguredAt"/>.
/// </para>
/// </summary>
public sealed class ReadModel(int keepResolved = ReadModel.DefaultKeepResolved)
{
    /// <summary>
    /// How many resolved alarms the view keeps (the newest): open alarms are always kept, but a plant raises thousands
    /// of alarms a week, and a node's memory and its view checkpoints must not grow with the whole history. The
    /// journal keeps every alarm's full timeline; the trends keep the counts.
    /// </summary>
    public const int DefaultKeepResolved = 10_000;

    /// <summary>
    /// The least number of evicted alarms whose last version the view remembers (it remembers
    /// max(this, keepResolved)), so that a late change of one of them, from the journal or a topic, does not bring
    /// it back. About 100 bytes each: at the default, about a megabyte. An alarm forgotten even as a tombstone, twice
    /// that many resolutions later, can come back for as long as a projection lags that far behind.
    /// </summary>
    public const int MinEvictedRemembered = 1_000;

    private readonly ConcurrentDictionary<string, Alarm> _alarms = new();
    private readonly Lock _alarmsLock = new();
    private readonly Queue<string> _resolved = new();
    private readonly Dictionary<string, int> _evicted = new();
    private readonly Queue<(string Id, int Version)> _evictedOrder = new();
    private readonly int _keepEvicted = Math.Max(keepResolved, MinEvictedRemembered);
    private readonly ConcurrentDictionary<string, SensorView> _sensors = new();
    // A sensor's newest status that belongs to a registration the view has not heard of yet: applied when it lands.
    private readonly ConcurrentDictionary<string, SensorStatusChanged> _earlyStatus = new();
    private readonly ConcurrentDictionary<string, ZoneView> _zones = new();
    private readonly Lock _zonesLock = new();
    // Decommissioned zones' ids → the At of their ZoneDecommissioned, so a late ZoneConfigured does not bring one back.
    // Never trimmed, unlike the alarm tombstones: a plant has tens to hundreds of zones, and each is decommissioned
    // rarely, so this stays at most a few thousand small entries over a node's life.
    private readonly Dictionary<string, DateTimeOffset> _removedZones = new();
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

    /// <summary>
    /// Keep the newer of two versions of an alarm; tell listeners when it changed. A version not newer than the one
    /// held, or than the one an evicted alarm had, is dropped unheard: each (alarm, version) reaches the listeners at
    /// most once, however many routes bring it, and in version order. Listeners run under the lock, so they must be
    /// quick and must not write to the view.
    /// </summary>
    public bool Upsert(Alarm alarm, string change, Hazard? hazard)
    {
        lock (_alarmsLock)
        {
            var current = _alarms.GetValueOrDefault(alarm.Id);
            var held = current?.Version ?? _evicted.GetValueOrDefault(alarm.Id);
            if (held >= alarm.Version)
                return false;
            _alarms[alarm.Id] = alarm;
            _evicted.Remove(alarm.Id);
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
            {
                _alarms.TryRemove(oldest, out _);
                RememberEvicted(a);
            }
    }

    private void RememberEvicted(Alarm a)
    {
        _evicted[a.Id] = a.Version;
        _evictedOrder.Enqueue((a.Id, a.Version));
        // The queue bounds both: an entry whose alarm came back (newer) and went again is skipped, not counted twice.
        while (_evictedOrder.Count > _keepEvicted && _evictedOrder.TryDequeue(out var oldest))
            if (_evicted.TryGetValue(oldest.Id, out var v) && v == oldest.Version)
                _evicted.Remove(oldest.Id);
    }

    /// <summary>
    /// Apply a sensor's registration unless the entry already reflects the same or a newer registration event: a late
    /// journal event never brings a decommissioned sensor back, and only a newer registration does. Live health and
    /// counters stay; a decommissioned sensor that comes back starts unknown.
    /// </summary>
    public bool Apply(SensorRegistration r)
    {
        while (true)
        {
            var existing = _sensors.GetValueOrDefault(r.SensorId);
            if (existing?.ChangedAt is { } held && (r.ChangedAt is not { } at || at <= held))
                return false;
            var health = r.Decommissioned ? SensorHealth.Decommissioned
                : existing is { Decommissioned: false, Health: not SensorHealth.Decommissioned } ? existing.Health
                : SensorHealth.Unknown;
            var next = new SensorView(r.SensorId, r.Kind, r.ZoneId, r.Config, r.Decommissioned, health,
                existing?.LastReadingAt, existing?.Readings ?? 0, existing?.RegisteredAt ?? r.RegisteredAt ?? r.UpdatedAt, r.UpdatedAt, r.ChangedAt);
            if (existing is null ? _sensors.TryAdd(r.SensorId, next) : _sensors.TryUpdate(r.SensorId, next, existing))
            {
                ApplyEarlyStatus(r);
                return true;
            }
        }
    }

    /// <summary>A status that waited for this registration is applied now; one of an older registration is dropped.</summary>
    private void ApplyEarlyStatus(SensorRegistration r)
    {
        if (r.ChangedAt is not { } at || !_earlyStatus.TryGetValue(r.SensorId, out var early) || early.ChangedAt > at)
            return;
        _earlyStatus.TryRemove(KeyValuePair.Create(r.SensorId, early));
        if (early.ChangedAt == at && !r.Decommissioned)
            Apply(early);
    }

    /// <summary>A sensor was decommissioned by its event at <paramref name="at"/>; its registration stays as it was.</summary>
    public bool Decommission(string sensorId, DateTimeOffset at) =>
        _sensors.GetValueOrDefault(sensorId) is { } s
        && Apply(new SensorRegistration(s.SensorId, s.Kind, s.ZoneId, s.Config, true, at, at));

    /// <summary>
    /// Apply a zone's configuration unless the view already holds the same or a newer change of that zone (a
    /// configuration, or a decommission): a late ZoneConfigured never brings a decommissioned zone back nor undoes a
    /// newer configuration; a newer one (the zone configured again under the same id) does bring it back.
    /// </summary>
    public bool Upsert(ZoneView zone)
    {
        lock (_zonesLock)
        {
            if (HeldZoneChange(zone.ZoneId) is { } held && zone.ConfiguredAt <= held)
                return false;
            _zones[zone.ZoneId] = zone;
            _removedZones.Remove(zone.ZoneId);
            return true;
        }
    }

    /// <summary>
    /// A zone was decommissioned by its event at <paramref name="at"/>, unless the view holds a newer change of it. The
    /// view remembers it even when it has not heard of the zone yet: its configuration may still be on its way.
    /// </summary>
    public bool RemoveZone(string zoneId, DateTimeOffset at)
    {
        lock (_zonesLock)
        {
            if (HeldZoneChange(zoneId) is { } held && at <= held)
                return false;
            _zones.TryRemove(zoneId, out _);
            _removedZones[zoneId] = at;
            return true;
        }
    }

    private DateTimeOffset? HeldZoneChange(string zoneId) =>
        _zones.TryGetValue(zoneId, out var z) ? z.ConfiguredAt
        : _removedZones.TryGetValue(zoneId, out var removedAt) ? removedAt
        : null;

    /// <summary>
    /// Merge live health into a sensor's entry; status for a sensor not yet projected is kept for when it is. A status
    /// belongs to one registration (its ChangedAt): one of an older registration than the entry holds is dropped as
    /// stale; one of a newer one waits for that registration to reach the view (an idle sensor publishes only when its
    /// health changes, so dropping it would leave the old health showing). The registration events alone decide
    /// whether a sensor is decommissioned.
    /// </summary>
    public void Apply(SensorStatusChanged s)
    {
        if (_sensors.TryGetValue(s.SensorId, out var held) && held.ChangedAt is { } registered && s.ChangedAt is { } of && of > registered)
        {
            _earlyStatus.AddOrUpdate(s.SensorId, s, (_, older) => s.ChangedAt > older.ChangedAt || (s.ChangedAt == older.ChangedAt && s.At >= older.At) ? s : older);
            // The registration may have landed between the check and the store.
            if (_sensors.TryGetValue(s.SensorId, out var now) && now.ChangedAt is { } landed && landed >= of)
                ApplyEarlyStatus(new SensorRegistration(now.SensorId, now.Kind, now.ZoneId, now.Config, now.Decommissioned, landed, now.UpdatedAt));
            return;
        }
        _sensors.AddOrUpdate(s.SensorId,
            _ => new SensorView(s.SensorId, s.Kind, s.ZoneId, SensorConfig.Empty, s.Health == SensorHealth.Decommissioned, s.Health, s.LastReadingAt, s.Readings, s.At, s.At),
            (_, v) => !SameRegistration(v, s) || (s.At < v.UpdatedAt && v.Health != SensorHealth.Unknown) ? v : v with
            {
                Health = s.Health, LastReadingAt = s.LastReadingAt ?? v.LastReadingAt, Readings = Math.Max(v.Readings, s.Readings), UpdatedAt = s.At,
            });
    }

    private static bool SameRegistration(SensorView v, SensorStatusChanged s) =>
        v.ChangedAt is not { } held
        // a status from a node older than ChangedAt: at least never let it speak for a decommissioned sensor
        || (s.ChangedAt is { } of ? of == held : !v.Decommissioned);

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
