using System.Text;

namespace Vigil.Node.Simulation;

internal enum CameraSceneKind { Moulding, Road, Rooftop }

/// <summary>
/// A camera at 5 fps with its detector's output: tracked people (or vehicles) with box jitter, missed detections,
/// confidence noise and flickering helmet flags; labels for the hazards it was made to show.
/// </summary>
internal sealed class CameraScene
{
    public const long FrameMs = 200;
    public const double OfflineIntervalS = 10;

    /// <summary>The press area of moulding hall A, in pixels of a 1920×1080 frame.</summary>
    public static readonly IReadOnlyList<(double X, double Y)> DangerZone = [(1250, 560), (1720, 540), (1800, 1000), (1220, 1020)];

    private readonly SimContext _ctx;
    private readonly string _sensor;
    private readonly CameraSceneKind _kind;
    private readonly int _salt;
    private readonly IReadOnlyList<Vehicle> _vehicles;
    private readonly bool _silences;

    public CameraScene(SimContext ctx, string sensorId, CameraSceneKind kind, int salt, IReadOnlyList<Vehicle>? vehicles = null, bool silences = false)
    {
        _ctx = ctx;
        _sensor = sensorId;
        _kind = kind;
        _salt = salt;
        _vehicles = vehicles ?? [];
        _silences = silences;
    }

    public int FrameW => _kind == CameraSceneKind.Rooftop ? 1280 : 1920;
    public int FrameH => _kind == CameraSceneKind.Rooftop ? 720 : 1080;

    // ---------------- planning ----------------

    private List<Track> Plan(Random r)
    {
        var tracks = _kind switch
        {
            CameraSceneKind.Moulding => PlanMoulding(r),
            CameraSceneKind.Rooftop => PlanRooftop(r),
            _ => PlanRoad(r),
        };
        tracks.Sort((a, b) => a.Start.CompareTo(b.Start));
        var id = 0;
        foreach (var t in tracks)
            if (t.Id.Length == 0) t.Id = (++id).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return tracks;
    }

    // Where moulding-hall workers walk: left of the press area, never in it.
    private const double SafeX0 = 150, SafeX1 = 1050, SafeY0 = 480, SafeY1 = 1050;

    private List<Track> PlanMoulding(Random r)
    {
        var tracks = new List<Track>();
        var end = _ctx.DurationMs;

        // Three helmeted workers on the floor at any time; when one leaves, another comes later.
        for (var lane = 0; lane < 3; lane++)
        {
            var t = 0L;
            var first = true;
            while (t < end)
            {
                var speed = r.Uniform(60, 110);
                var p = first
                    ? new PathBuilder(0, r.Uniform(SafeX0, SafeX1), r.Uniform(SafeY0, SafeY1), speed)
                    : new PathBuilder(t, 30, r.Uniform(SafeY0, SafeY1), speed);
                var life = r.UniformMs(60, 240);
                while (p.Now < t + life)
                    p.To(r.Uniform(SafeX0, SafeX1), r.Uniform(SafeY0, SafeY1)).Dwell(r.UniformMs(5, 30));
                p.To(30, r.Uniform(SafeY0, SafeY1));
                tracks.Add(new Track(TrackRole.Worker, "person", p.Build()));
                t = p.Now + r.UniformMs(2, 20);
                first = false;
            }
        }

        // Workers without a hard hat: enter, work a while, leave — never in the press area.
        foreach (var t in _ctx.Schedule(r, _ctx.HazardsPerHour, 90_000))
        {
            var p = new PathBuilder(t, 30, r.Uniform(SafeY0, SafeY1), r.Uniform(70, 110));
            var stops = r.Next(2, 4);
            for (var i = 0; i < stops; i++)
                p.To(r.Uniform(SafeX0, SafeX1), r.Uniform(SafeY0, SafeY1)).Dwell(r.UniformMs(3, 12));
            p.To(30, r.Uniform(SafeY0, SafeY1));
            if (p.Now <= end - SimContext.EndMarginMs) tracks.Add(new Track(TrackRole.NoHelmet, "person", p.Build()));
        }

        // Helmeted workers who walk into the press area, linger and walk out again.
        foreach (var t in _ctx.Schedule(r, _ctx.HazardsPerHour, 70_000))
        {
            var p = new PathBuilder(t, 30, r.Uniform(600, 950), r.Uniform(70, 110));
            p.To(r.Uniform(1000, 1100), r.Uniform(650, 900))
             .To(r.Uniform(1420, 1600), r.Uniform(680, 900)).Dwell(r.UniformMs(2, 6))
             .To(r.Uniform(1400, 1620), r.Uniform(680, 900)).Dwell(r.UniformMs(2, 6))
             .To(r.Uniform(1000, 1100), r.Uniform(650, 900))
             .To(30, r.Uniform(600, 950));
            if (p.Now <= end - SimContext.EndMarginMs) tracks.Add(new Track(TrackRole.Intruder, "person", p.Build()));
        }
        return tracks;
    }

    private bool IsNight(long ms)
    {
        var h = _ctx.At(ms).UtcDateTime.TimeOfDay.TotalHours;
        return h >= 19 || h < 7;
    }

    private List<Track> PlanRooftop(Random r)
    {
        var tracks = new List<Track>();
        foreach (var t in _ctx.Schedule(r, _ctx.HazardsPerHour, 70_000))
        {
            var p = new PathBuilder(t, 1250, r.Uniform(340, 480), r.Uniform(50, 90));
            var stops = r.Next(1, 4);
            for (var i = 0; i < stops; i++)
                p.To(r.Uniform(150, 1100), r.Uniform(320, 700)).Dwell(r.UniformMs(3, 15));
            p.To(1250, r.Uniform(340, 480));
            if (p.Now > _ctx.DurationMs - SimContext.EndMarginMs) continue;
            var from = t - 5_000;
            var to = p.Now + 5_000;
            if (IsNight(from) && IsNight(to)) tracks.Add(new Track(TrackRole.RooftopIntruder, "person", p.Build()));
            else if (!IsNight(from) && !IsNight(to) && r.Chance(0.25)) tracks.Add(new Track(TrackRole.RooftopVisitor, "person", p.Build()));
        }
        return tracks;
    }

    /// <summary>Person-to-moving-vehicle distance of a mixing label, in the person's heights (2.55 m for a 1.7 m person).</summary>
    public const double MixingHeights = 1.5;

    /// <summary>Near-traffic moments of one person closer together than this are one mixing episode.</summary>
    public const long MixingMergeMs = 2_000;

    private List<Track> PlanRoad(Random r)
    {
        var tracks = new List<Track>(_vehicles.Count + 16);
        // A van parked at the far right of the near kerb all run long: people pass it, which is not mixing.
        tracks.Add(new Track(TrackRole.ParkedVehicle, "vehicle", [new(0, 1700, 1060), new(_ctx.DurationMs, 1700, 1060)])
        {
            Id = "parked-1", FixedW = 320, FixedH = 230,
        });
        // People who step onto the near kerb while a vehicle passes (mixing), at the injected rate.
        var passes = _vehicles.Where(v => v.PassMs > 10_000 && v.PassMs < _ctx.DurationMs - 20_000).ToList();
        var lastMixer = -120_000L;
        foreach (var t in _ctx.Schedule(r, _ctx.HazardsPerHour, 30_000))
        {
            var v = passes.FirstOrDefault(p => p.PassMs >= t + 8_000 && p.PassMs - lastMixer > 40_000);
            if (v is null) continue;
            lastMixer = v.PassMs;
            var x = r.Uniform(600, 1200);
            var p = new PathBuilder(v.PassMs - r.UniformMs(6, 9), x, 1060, r.Uniform(60, 90));
            p.To(x + r.Uniform(-80, 80), 960).Dwell(r.UniformMs(6, 9)).To(x + r.Uniform(-100, 100), 1060).To(x < 900 ? 20 : 1500, 1065);
            tracks.Add(new Track(TrackRole.Pedestrian, "person", p.Build()) { Id = "p" + v.Target });
        }
        // People on the far footpath, and people walking past the parked van when no vehicle is near: never mixing.
        var walkers = 0;
        foreach (var t in _ctx.Schedule(r, _ctx.HazardsPerHour, 30_000))
        {
            walkers++;
            var far = new PathBuilder(t, 40, 250, r.Uniform(80, 120)).To(1880, r.Uniform(240, 270));
            tracks.Add(new Track(TrackRole.Pedestrian, "person", far.Build()) { Id = $"w{walkers}" });
            var quiet = t + 15_000;
            if (_vehicles.Any(v => v.PassMs > quiet - 8_000 && v.PassMs < quiet + 20_000)) continue;
            var past = new PathBuilder(quiet, 1900, 1075, r.Uniform(70, 100)).To(1450, 1075).To(1300, 1070);
            tracks.Add(new Track(TrackRole.Pedestrian, "person", past.Build()) { Id = $"k{walkers}" });
        }
        foreach (var v in _vehicles)
        {
            // Lane 1 nearer the camera, driving left to right; lane 2 further away, right to left.
            var near = v.Lane == 1;
            var y = near ? 780 : 560;
            var (x0, x1) = near ? (60.0, 1860.0) : (1860.0, 60.0);
            var path = new List<Waypoint> { new(v.PassMs - 1_500, x0, y), new(v.PassMs + 1_500, x1, y) };
            tracks.Add(new Track(TrackRole.Vehicle, "vehicle", path)
            {
                Id = "v" + v.Target,
                FixedW = near ? 340 : 250,
                FixedH = near ? 200 : 150,
            });
        }
        return tracks;
    }

    private List<(long Start, long End)> PlanSilences(Random r)
    {
        var gaps = new List<(long, long)>();
        if (!_silences) return gaps;
        for (long s = 0; s < _ctx.DurationMs; s += 600_000)
        {
            var end = Math.Min(s + 600_000, _ctx.DurationMs - SimContext.EndMarginMs);
            var len = r.UniformMs(15, 40);
            var room = end - s - 40_000 - len;
            if (room < 0) continue;
            var start = s + 20_000 + (long)(r.NextDouble() * room);
            gaps.Add((start, start + len));
        }
        return gaps;
    }

    // ---------------- rendering ----------------

    public IEnumerable<SimItem> Generate()
    {
        var plan = _ctx.Rng(_salt);
        var noise = _ctx.Rng(_salt + 50);
        var tracks = Plan(plan);
        var gaps = PlanSilences(plan);
        var gap = 0;
        var lastFrame = -1L;
        var inGap = false;

        var active = new List<Track>();
        var next = 0;
        var labels = new List<string>();
        var header = $"\"frame\":{{\"w\":{FrameW},\"h\":{FrameH}}},\"detections\":[";

        for (long k = 0; ; k++)
        {
            var ms = k * FrameMs + noise.Next(0, 9);
            if (ms >= _ctx.DurationMs) break;

            if (gap < gaps.Count && ms >= gaps[gap].Start)
            {
                if (ms < gaps[gap].End)
                {
                    inGap = true;
                    continue;
                }
                if (inGap)
                {
                    var from = lastFrame < 0 ? gaps[gap].Start : lastFrame;
                    labels.Add(_ctx.Label("sensor_offline", _sensor, null, from, from + (long)(OfflineIntervalS * 1000), ms));
                    inGap = false;
                }
                gap++;
            }

            while (next < tracks.Count && tracks[next].Start <= ms) active.Add(tracks[next++]);

            var sb = _ctx.Reading(ms, _sensor, 128 + active.Count * 110);
            sb.Append(header);
            var firstDet = true;
            for (var i = 0; i < active.Count; i++)
            {
                var tr = active[i];
                if (ms > tr.End)
                {
                    Finish(tr, labels);
                    active.RemoveAt(i--);
                    continue;
                }
                var (fx, fy) = tr.At(ms);
                if (tr.Role == TrackRole.Pedestrian) TrackMixing(tr, fx, fy, ms, active, labels);
                if (tr.FirstSeen < 0) tr.FirstSeen = ms;
                tr.LastSeen = ms;
                if (_kind == CameraSceneKind.Moulding && Geometry.Inside(DangerZone, fx, fy))
                {
                    if (tr.FirstInside < 0) tr.FirstInside = ms;
                    tr.LastInside = ms;
                }
                if (noise.Chance(tr.Role == TrackRole.Vehicle ? 0.01 : 0.02)) continue; // missed by the detector
                if (!firstDet) sb.Append(',');
                firstDet = false;
                AppendDetection(sb, tr, fx, fy, noise);
            }

            // Rooftop at night: a bird or a shadow now and then, one frame, low confidence, no track.
            if (_kind == CameraSceneKind.Rooftop && noise.Chance(0.002))
            {
                if (!firstDet) sb.Append(',');
                var h = noise.Uniform(40, 90);
                AppendBox(sb, "person", noise.Uniform(0, FrameW - 60), noise.Uniform(0, FrameH - 100), h * 0.5, h);
                sb.Append(",\"conf\":").Append(Json.F2(noise.Uniform(0.3, 0.45))).Append('}');
            }

            sb.Append("]}");
            lastFrame = ms;
            yield return new SimItem(ms, sb.ToString(), null);
            foreach (var l in labels) yield return new SimItem(ms, null, l);
            labels.Clear();
        }

        foreach (var tr in active) Finish(tr, labels);
        foreach (var l in labels) yield return new SimItem(Math.Max(lastFrame, 0), null, l);
    }

    /// <summary>Truth of mixing: the person's true centre within 1.5 of its heights of a driving vehicle's true box.</summary>
    private void TrackMixing(Track person, double fx, double fy, long ms, List<Track> active, List<string> labels)
    {
        var h = PersonHeight(fy);
        var cx = fx;
        var cy = fy - h / 2;
        var near = false;
        foreach (var v in active)
        {
            if (v.Role != TrackRole.Vehicle || ms > v.End || ms < v.Start) continue;
            var (vx, vy) = v.At(ms);
            var x0 = vx - v.FixedW / 2;
            var y0 = vy - v.FixedH;
            var dx = Math.Max(0, Math.Max(x0 - cx, cx - (x0 + v.FixedW)));
            var dy = Math.Max(0, Math.Max(y0 - cy, cy - (y0 + v.FixedH)));
            if (Math.Sqrt(dx * dx + dy * dy) <= MixingHeights * h)
            {
                near = true;
                break;
            }
        }
        if (!near) return;
        if (person.MixFrom >= 0 && ms - person.MixLast > MixingMergeMs)
        {
            labels.Add(_ctx.Label("person_vehicle_mixing", _sensor, person.Id, person.MixFrom, null, person.MixLast));
            person.MixFrom = -1;
        }
        if (person.MixFrom < 0) person.MixFrom = ms;
        person.MixLast = ms;
    }

    private static double PersonHeight(double fy) => 150 + (fy - 450) * 0.25;

    private void Finish(Track tr, List<string> labels)
    {
        if (tr.MixFrom >= 0)
            labels.Add(_ctx.Label("person_vehicle_mixing", _sensor, tr.Id, tr.MixFrom, null, tr.MixLast));
        if (tr.FirstSeen < 0) return;
        switch (tr.Role)
        {
            case TrackRole.NoHelmet:
                labels.Add(_ctx.Label("no_helmet", _sensor, tr.Id, tr.FirstSeen, null, tr.LastSeen));
                break;
            case TrackRole.RooftopIntruder:
                labels.Add(_ctx.Label("rooftop_intrusion", _sensor, tr.Id, tr.FirstSeen, null, tr.LastSeen));
                break;
        }
        if (tr.FirstInside >= 0)
            labels.Add(_ctx.Label("zone_intrusion", _sensor, tr.Id, tr.FirstInside, null, tr.LastInside));
    }

    private void AppendDetection(StringBuilder sb, Track tr, double fx, double fy, Random noise)
    {
        double w, h;
        if (tr.Role is TrackRole.Vehicle or TrackRole.ParkedVehicle)
        {
            w = tr.FixedW;
            h = tr.FixedH;
        }
        else if (_kind == CameraSceneKind.Rooftop)
        {
            h = 90 + (fy - 300) * 0.3;
            w = h * 0.42;
        }
        else
        {
            h = PersonHeight(fy);
            w = h * 0.4;
        }
        var x = fx - w / 2 + noise.Gaussian(2);
        var y = fy - h + noise.Gaussian(2);
        w += noise.Gaussian(2.5);
        h += noise.Gaussian(3);
        AppendBox(sb, tr.Cls, x, y, w, h);

        var night = _kind == CameraSceneKind.Rooftop;
        var conf = Math.Clamp((night ? 0.74 : 0.86) + noise.Gaussian(0.06), night ? 0.5 : 0.6, 0.98);
        sb.Append(",\"conf\":").Append(Json.F2(conf)).Append(",\"track\":");
        Json.Str(sb, tr.Id);

        bool? helmet = tr.Role switch
        {
            // A real no-helmet worker: "no helmet" most frames, sometimes unknown, now and then a wrong "helmet".
            TrackRole.NoHelmet => noise.NextDouble() switch { < 0.85 => false, < 0.95 => null, _ => true },
            // A helmeted worker: rarely a one-frame "no helmet", sometimes unknown (turned away, occluded).
            TrackRole.Worker or TrackRole.Intruder => noise.NextDouble() switch { < 0.008 => false, < 0.038 => null, _ => true },
            _ => null,
        };
        if (helmet is { } hv) sb.Append(",\"helmet\":").Append(Json.Bool(hv));
        sb.Append('}');
    }

    private void AppendBox(StringBuilder sb, string cls, double x, double y, double w, double h)
    {
        x = Math.Clamp(x, 0, FrameW - 2);
        y = Math.Clamp(y, 0, FrameH - 2);
        w = Math.Clamp(w, 1, FrameW - x);
        h = Math.Clamp(h, 1, FrameH - y);
        sb.Append("{\"cls\":");
        Json.Str(sb, cls);
        sb.Append(",\"box\":[").Append(Json.I(x)).Append(',').Append(Json.I(y)).Append(',')
          .Append(Json.I(w)).Append(',').Append(Json.I(h)).Append(']');
    }
}
