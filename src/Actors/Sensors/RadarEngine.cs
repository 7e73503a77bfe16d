#nullable enable
using Vigil.Messages;

namespace Vigil.Actors.Sensors;

/// <summary>
/// A speed radar fused with its checkpoint camera's plate reads: judges each vehicle once it has left the beam, and names
/// it by the best plate read of its lane that lies nearer in time to it than to any other vehicle of that lane.
/// </summary>
public sealed class RadarEngine : ISensorEngine
{
    /// <summary>One vehicle pass: open while the beam sees it, then closed and (when it sped) judged.</summary>
    private sealed class Pass(int lane, DateTimeOffset first)
    {
        public readonly int Lane = lane;
        public readonly DateTimeOffset First = first;
        public DateTimeOffset Last = first;
        public readonly List<(DateTimeOffset T, double Kmh)> Samples = [];
        public double Kmh;
        public bool Open = true;
        public bool Pending;
        public DateTimeOffset DecideAt;

        public void Add(DateTimeOffset t, double kmh)
        {
            if (t > Last)
                Last = t;
            // A target parked in the beam must not grow memory; the pass's first samples already tell its speed.
            if (Samples.Count < SensorDefaults.RadarMaxSamplesPerTarget)
                Samples.Add((t, kmh));
        }

        /// <summary>How far a plate read lies from this pass in time; zero while the vehicle is in the beam.</summary>
        public TimeSpan Distance(DateTimeOffset t) => t < First ? First - t : t > Last ? t - Last : TimeSpan.Zero;
    }

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
    private readonly TimeSpan _retention;
    private readonly Dictionary<(string Target, int Lane), Pass> _open = [];
    private readonly List<Pass> _passes = [];
    private readonly List<Plate> _plates = [];

    public RadarEngine(string sensorId, string zoneId, SensorConfig config, ZoneContext zone)
    {
        _id = new SensorIdentity(sensorId, zoneId);
        _limit = config.SpeedLimitKmh ?? zone.SpeedLimitKmh ?? SensorDefaults.RadarSpeedLimitKmh;
        _window = TimeSpan.FromSeconds(Math.Max(0, config.MatchWindowS ?? SensorDefaults.RadarMatchWindowS));
        // A wide configured window must not lose reads (or neighbours) a waiting vehicle may still need.
        _retention = TimeSpan.FromSeconds(Math.Max(SensorDefaults.PlateRetentionS, 4 * _window.TotalSeconds));
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
                if (!_open.TryGetValue(key, out var pass))
                {
                    _open[key] = pass = new Pass(s.Lane, t);
                    _passes.Add(pass);
                }
                // Some radars sign the speed by direction of travel; overspeed is about magnitude.
                pass.Add(t, Math.Abs(s.Kmh));
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
        foreach (var (key, pass) in _open)
        {
            if (now - pass.Last < _close)
                continue;
            (closed ??= []).Add(key);
            pass.Open = false;
            pass.Kmh = RobustSpeed.Of(pass.Samples.Select(s => ((s.T - pass.First).TotalSeconds, s.Kmh)).ToList());
            // Wait two windows: a read in this vehicle's window may belong to a vehicle whose first sample is still up to one window away.
            pass.Pending = pass.Kmh > _limit;
            pass.DecideAt = pass.Last + _window + _window;
        }
        if (closed is null)
            return;
        foreach (var key in closed)
            _open.Remove(key);
    }

    private IReadOnlyList<Hazard> Decide(DateTimeOffset now)
    {
        List<Hazard>? confirmed = null;
        // Oldest vehicle first, so it gets first claim on the plate reads.
        foreach (var pass in _passes.Where(p => p.Pending && now >= p.DecideAt).OrderBy(p => p.DecideAt).ThenBy(p => p.First).ToList())
        {
            pass.Pending = false;
            (confirmed ??= []).Add(Judge(pass));
        }
        Evict(now);
        return confirmed ?? (IReadOnlyList<Hazard>)[];
    }

    private Hazard Judge(Pass pass)
    {
        Plate? best = null;
        foreach (var plate in _plates)
        {
            if (plate.Used || plate.Lane != pass.Lane)
                continue;
            if (plate.T < pass.First - _window || plate.T > pass.Last + _window)
                continue;
            // A read nearer another vehicle of the lane (speeding or not) is that vehicle's plate: never name the wrong one.
            var distance = pass.Distance(plate.T);
            if (_passes.Any(o => !ReferenceEquals(o, pass) && o.Lane == pass.Lane && o.Distance(plate.T) < distance))
                continue;
            if (best is null || plate.Conf > best.Conf || (plate.Conf == best.Conf && distance < pass.Distance(best.T)))
                best = plate;
        }

        // T is fixed by the evidence, not by when the clock happened to tick, so replays at any speed agree.
        if (best is null)
            return _id.Hazard(HazardTypes.Overspeed, pass.Last + _window, SensorDefaults.UnknownPlate, pass.Kmh, _limit,
                detail: $"lane {pass.Lane}, first sample {pass.First:O}");

        best.Used = true;
        var t = best.T > pass.Last ? best.T : pass.Last;
        return _id.Hazard(HazardTypes.Overspeed, t, best.Text, pass.Kmh, _limit);
    }

    private void Evict(DateTimeOffset now)
    {
        _passes.RemoveAll(p => !p.Open && !p.Pending && now - p.Last > _retention);
        _plates.RemoveAll(p => now - p.T > _retention);
        if (_plates.Count > SensorDefaults.MaxPlateReads)
            _plates.RemoveRange(0, _plates.Count - SensorDefaults.MaxPlateReads);
        if (_passes.Count > SensorDefaults.MaxRadarPasses)
            _passes.RemoveAll(p => !p.Open && !p.Pending && _passes.Count > SensorDefaults.MaxRadarPasses);
    }
}
