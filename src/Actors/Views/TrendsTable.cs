using Vigil.Messages;

namespace Vigil.Actors.Views;

/// <summary>One period's trends: hazards by type, zone and hour of day, acknowledge/resolve times, top plates and forklifts.</summary>
public sealed record TrendsReport(
    DateTimeOffset From,
    DateTimeOffset To,
    int Alarms,
    int Hazards,
    IReadOnlyDictionary<string, int> ByType,
    IReadOnlyDictionary<string, int> ByZone,
    int[] ByHourOfDay,
    int Acknowledged,
    double? MeanTimeToAcknowledgeS,
    int Resolved,
    double? MeanTimeToResolveS,
    IReadOnlyList<(string Plate, int Count, double MaxKmh)> TopPlates,
    IReadOnlyList<(string Forklift, int Seatbelt, int Fatigue)> TopForklifts);

/// <summary>
/// The trends read table: alarm events (tag "alarm") folded into hourly buckets as they are projected, so a query
/// over any period adds up at most one entry per hour and key, never rereads events. Pure: no actors, no clock.
/// </summary>
public sealed class TrendsTable
{
    private readonly record struct Open(DateTimeOffset RaisedWallAt, long Hour, bool Acked);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Open> _open = new();
    private readonly Dictionary<string, int> _lastVersion = new();
    private readonly Dictionary<(long Hour, string Zone, string Type), int> _hazards = new();
    private readonly Dictionary<long, int> _alarms = new();
    private readonly Dictionary<long, (double Sum, int Count)> _tta = new();
    private readonly Dictionary<long, (double Sum, int Count)> _ttr = new();
    private readonly Dictionary<(long Hour, string Plate), (int Count, double MaxKmh)> _plates = new();
    private readonly Dictionary<(long Hour, string Forklift, string Type), int> _forklifts = new();

    public long EventsApplied { get; private set; }

    private static long HourOf(DateTimeOffset t) => t.ToUnixTimeSeconds() / 3600;

    /// <summary>Folds in one alarm event; an event seen before (the same alarm and version) is ignored.</summary>
    public void Apply(IAlarmEvent e)
    {
        lock (_lock)
        {
            if (_lastVersion.TryGetValue(e.AlarmId, out var v) && e.Version <= v)
                return;
            _lastVersion[e.AlarmId] = e.Version;
            EventsApplied++;
            switch (e)
            {
                case AlarmRaised r:
                    var hour = HourOf(r.WallAt);
                    _open[r.AlarmId] = new Open(r.WallAt, hour, false);
                    Add(_alarms, hour, 1);
                    Count(hour, r.Hazard);
                    break;
                case HazardJoined j when _open.TryGetValue(j.AlarmId, out var o):
                    Count(o.Hour, j.Hazard);
                    break;
                case AlarmAcknowledged a when _open.TryGetValue(a.AlarmId, out var o):
                    AddTime(_tta, o.Hour, a.At - o.RaisedWallAt);
                    _open[a.AlarmId] = o with { Acked = true };
                    break;
                case AlarmDispatched d when _open.TryGetValue(d.AlarmId, out var o) && !o.Acked:
                    // Dispatching an unacknowledged alarm acknowledges it in practice.
                    AddTime(_tta, o.Hour, d.At - o.RaisedWallAt);
                    _open[d.AlarmId] = o with { Acked = true };
                    break;
                case AlarmResolved s when _open.Remove(s.AlarmId, out var o):
                    AddTime(_ttr, o.Hour, s.At - o.RaisedWallAt);
                    break;
            }
        }
    }

    private void Count(long hour, Hazard h)
    {
        Add(_hazards, (hour, h.ZoneId, h.Type), 1);
        if (h.Type == HazardTypes.Overspeed && h.Subject is { Length: > 0 } plate && plate != "unknown" && h.Kmh is { } kmh)
        {
            var c = _plates.GetValueOrDefault((hour, plate));
            _plates[(hour, plate)] = (c.Count + 1, Math.Max(c.MaxKmh, kmh));
        }
        if (h.Type is HazardTypes.SeatbeltUnfastened or HazardTypes.SeatbeltBypassed or HazardTypes.DriverFatigue)
            Add(_forklifts, (hour, h.SensorId, h.Type), 1);
    }

    private static void Add<TKey>(Dictionary<TKey, int> d, TKey key, int n) where TKey : notnull => d[key] = d.GetValueOrDefault(key) + n;

    private static void AddTime(Dictionary<long, (double Sum, int Count)> d, long hour, TimeSpan t)
    {
        var c = d.GetValueOrDefault(hour);
        d[hour] = (c.Sum + Math.Max(0, t.TotalSeconds), c.Count + 1);
    }

    /// <summary>Trends of alarms raised in [from, to) (whole hours), hour of day shifted by <paramref name="utcOffset"/>.</summary>
    public TrendsReport Query(DateTimeOffset from, DateTimeOffset to, TimeSpan utcOffset, int top = 10)
    {
        long h0 = HourOf(from), h1 = HourOf(to - TimeSpan.FromTicks(1));
        bool In(long h) => h >= h0 && h <= h1;
        var shift = (int)Math.Round(utcOffset.TotalHours);
        lock (_lock)
        {
            var byType = new SortedDictionary<string, int>(StringComparer.Ordinal);
            var byZone = new SortedDictionary<string, int>(StringComparer.Ordinal);
            var byHour = new int[24];
            var hazards = 0;
            foreach (var ((hour, zone, type), n) in _hazards)
            {
                if (!In(hour))
                    continue;
                hazards += n;
                byType[type] = byType.GetValueOrDefault(type) + n;
                byZone[zone] = byZone.GetValueOrDefault(zone) + n;
                byHour[(int)(((hour + shift) % 24 + 24) % 24)] += n;
            }
            (double Sum, int Count) Total(Dictionary<long, (double Sum, int Count)> d) =>
                d.Where(kv => In(kv.Key)).Aggregate((0.0, 0), (acc, kv) => (acc.Item1 + kv.Value.Sum, acc.Item2 + kv.Value.Count));
            var (ttaSum, ttaN) = Total(_tta);
            var (ttrSum, ttrN) = Total(_ttr);
            var plates = _plates.Where(kv => In(kv.Key.Hour))
                .GroupBy(kv => kv.Key.Plate)
                .Select(g => (Plate: g.Key, Count: g.Sum(kv => kv.Value.Count), MaxKmh: g.Max(kv => kv.Value.MaxKmh)))
                .OrderByDescending(p => p.Count).ThenByDescending(p => p.MaxKmh).ThenBy(p => p.Plate, StringComparer.Ordinal)
                .Take(top).ToList();
            var forklifts = _forklifts.Where(kv => In(kv.Key.Hour))
                .GroupBy(kv => kv.Key.Forklift)
                .Select(g => (Forklift: g.Key,
                    Seatbelt: g.Where(kv => kv.Key.Type != HazardTypes.DriverFatigue).Sum(kv => kv.Value),
                    Fatigue: g.Where(kv => kv.Key.Type == HazardTypes.DriverFatigue).Sum(kv => kv.Value)))
                .OrderByDescending(f => f.Seatbelt + f.Fatigue).ThenBy(f => f.Forklift, StringComparer.Ordinal)
                .Take(top).ToList();
            return new TrendsReport(from, to, _alarms.Where(kv => In(kv.Key)).Sum(kv => kv.Value), hazards, byType, byZone, byHour,
                ttaN, ttaN > 0 ? ttaSum / ttaN : null, ttrN, ttrN > 0 ? ttrSum / ttrN : null, plates, forklifts);
        }
    }
}
