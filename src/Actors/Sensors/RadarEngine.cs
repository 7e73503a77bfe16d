#nullable enable
using Vigil.Messages;

namespace Vigil.Actors.Sensors;

/// <summary>A speed radar fused with its checkpoint camera's plate reads: judges each vehicle once it has left the beam, and names it by a plate read of the same lane.</summary>
public sealed class RadarEngine : ISensorEngine
{
    /// <summary>One vehicle in the beam; keeps only what the robust speed needs, so memory does not grow with the pass.</summary>
    private sealed class Target(DateTimeOffset first)
    {
        public readonly DateTimeOffset First = first;
        public DateTimeOffset Last = first;
        public int Samples;
        public double Highest = double.NegativeInfinity;
        public double SecondHighest = double.NegativeInfinity;

        public void Add(DateTimeOffset t, double kmh)
        {
            if (t > Last)
                Last = t;
            Samples++;
            if (kmh >= Highest)
                (SecondHighest, Highest) = (Highest, kmh);
            else if (kmh > SecondHighest)
                SecondHighest = kmh;
        }

        /// <summary>The second-highest sample rejects one spike without averaging a real peak away.</summary>
        public double RobustKmh => Samples >= SensorDefaults.RadarRobustMinSamples ? SecondHighest : Highest;
    }

    /// <summary>A closed overspeed vehicle waiting for its plate window to pass.</summary>
    private sealed record Pending(int Lane, DateTimeOffset First, DateTimeOffset Last, double Kmh, DateTimeOffset DecideAt);

    private sealed class Plate(DateTimeOffset t, string text, double conf, int lane)
    {
        public readonly DateTimeOffset T = t;
        public readonly string Text = text;
        public readonly double Conf = conf;
        public readonly int Lane = lane;
        public bool Used;
    }

    private readonly SensorIdentity _id;
    private readonly double _limit;
    private readonly TimeSpan _window;
    private readonly TimeSpan _close = TimeSpan.FromSeconds(SensorDefaults.RadarTargetCloseS);
    private readonly TimeSpan _plateRetention;
    private readonly Dictionary<(string Target, int Lane), Target> _open = [];
    private readonly List<Pending> _pending = [];
    private readonly List<Plate> _plates = [];

    public RadarEngine(string sensorId, string zoneId, SensorConfig config, ZoneContext zone)
    {
        _id = new SensorIdentity(sensorId, zoneId);
        _limit = config.SpeedLimitKmh ?? zone.SpeedLimitKmh ?? SensorDefaults.RadarSpeedLimitKmh;
        _window = TimeSpan.FromSeconds(Math.Max(0, config.MatchWindowS ?? SensorDefaults.RadarMatchWindowS));
        // A wide configured window must not lose reads a waiting vehicle may still claim.
        _plateRetention = TimeSpan.FromSeconds(Math.Max(SensorDefaults.PlateRetentionS, 3 * _window.TotalSeconds));
    }

    public double LimitKmh => _limit;

    public IReadOnlyList<Hazard> Observe(DateTimeOffset t, ReadingPayload payload)
    {
        // Close first: a sample after a gap belongs to a new vehicle even when the radar reuses the id.
        CloseExpired(t);
        switch (payload)
        {
            case RadarSpeed s when double.IsFinite(s.Kmh) && !string.IsNullOrEmpty(s.Target):
                var key = (s.Target, s.Lane);
                if (!_open.TryGetValue(key, out var target))
                    _open[key] = target = new Target(t);
                // Some radars sign the speed by direction of travel; overspeed is about magnitude.
                target.Add(t, Math.Abs(s.Kmh));
                break;
            case PlateRead p:
                var text = Normalise(p.Text);
                if (text.Length > 0)
                    _plates.Add(new Plate(t, text, double.IsFinite(p.Conf) ? p.Conf : 0, p.Lane));
                break;
        }
        return Decide(t);
    }

    public IReadOnlyList<Hazard> Advance(DateTimeOffset now)
    {
        CloseExpired(now);
        return Decide(now);
    }

    private static string Normalise(string? text) =>
        text is null ? "" : string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private void CloseExpired(DateTimeOffset now)
    {
        List<(string, int)>? closed = null;
        foreach (var (key, target) in _open)
        {
            if (now - target.Last < _close)
                continue;
            (closed ??= []).Add(key);
            var kmh = target.RobustKmh;
            if (kmh > _limit)
                _pending.Add(new Pending(key.Lane, target.First, target.Last, kmh, target.Last + _window));
        }
        if (closed is null)
            return;
        foreach (var key in closed)
            _open.Remove(key);
        // Oldest vehicle first, so it gets first claim on the plate reads.
        _pending.Sort((a, b) => a.DecideAt.CompareTo(b.DecideAt));
    }

    private IReadOnlyList<Hazard> Decide(DateTimeOffset now)
    {
        List<Hazard>? confirmed = null;
        var decided = 0;
        foreach (var pending in _pending)
        {
            // Reads may still arrive until the window after the last sample has passed.
            if (now < pending.DecideAt)
                break;
            decided++;
            (confirmed ??= []).Add(Judge(pending));
        }
        if (decided > 0)
            _pending.RemoveRange(0, decided);
        EvictPlates(now);
        return confirmed ?? (IReadOnlyList<Hazard>)[];
    }

    private Hazard Judge(Pending pending)
    {
        Plate? best = null;
        foreach (var plate in _plates)
        {
            if (plate.Used || plate.Lane != pending.Lane)
                continue;
            if (plate.T < pending.First - _window || plate.T > pending.Last + _window)
                continue;
            if (best is null || plate.Conf > best.Conf)
                best = plate;
        }

        // T is fixed by the evidence, not by when the clock happened to tick, so replays at any speed agree.
        if (best is null)
            return _id.Hazard(HazardTypes.Overspeed, pending.DecideAt, SensorDefaults.UnknownPlate, pending.Kmh, _limit,
                detail: $"lane {pending.Lane}, first sample {pending.First:O}");

        best.Used = true;
        var t = best.T > pending.Last ? best.T : pending.Last;
        return _id.Hazard(HazardTypes.Overspeed, t, best.Text, pending.Kmh, _limit);
    }

    private void EvictPlates(DateTimeOffset now)
    {
        _plates.RemoveAll(p => now - p.T > _plateRetention);
        if (_plates.Count > SensorDefaults.MaxPlateReads)
            _plates.RemoveRange(0, _plates.Count - SensorDefaults.MaxPlateReads);
    }
}
