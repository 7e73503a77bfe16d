namespace Vigil.Node.Simulation;

internal readonly record struct Waypoint(long Ms, double X, double Y);

internal enum TrackRole
{
    /// <summary>A helmeted worker going about their job, outside the danger zone.</summary>
    Worker,
    /// <summary>A worker without a hard hat (labelled no_helmet).</summary>
    NoHelmet,
    /// <summary>A helmeted worker who walks through the danger polygon (labelled zone_intrusion).</summary>
    Intruder,
    /// <summary>A person on the rooftop inside the camera's night window (labelled rooftop_intrusion).</summary>
    RooftopIntruder,
    /// <summary>A person on the rooftop in daytime, outside the camera's active hours (not a hazard).</summary>
    RooftopVisitor,
    /// <summary>A vehicle on the road camera.</summary>
    Vehicle,
    /// <summary>A van parked at the roadside for the whole run: people walk past it, which is not mixing.</summary>
    ParkedVehicle,
    /// <summary>A person on the road camera; near a moving vehicle it is labelled person_vehicle_mixing.</summary>
    Pedestrian,
}

/// <summary>A planned object track: the true foot point (middle of the box's bottom edge) along a timed path.</summary>
internal sealed class Track(TrackRole role, string cls, List<Waypoint> path)
{
    public string Id { get; set; } = "";
    public TrackRole Role { get; } = role;
    public string Cls { get; } = cls;
    public List<Waypoint> Path { get; } = path;
    public long Start => Path[0].Ms;
    public long End => Path[^1].Ms;

    /// <summary>Fixed box size (vehicles); people get theirs from perspective.</summary>
    public double FixedW { get; init; }
    public double FixedH { get; init; }

    public long FirstSeen { get; set; } = -1;
    public long LastSeen { get; set; } = -1;
    public long FirstInside { get; set; } = -1;
    public long LastInside { get; set; } = -1;
    public long MixFrom { get; set; } = -1;
    public long MixLast { get; set; } = -1;

    private int _cursor;

    /// <summary>True foot point at <paramref name="ms"/>; calls must come in non-decreasing time.</summary>
    public (double X, double Y) At(long ms)
    {
        while (_cursor < Path.Count - 2 && Path[_cursor + 1].Ms <= ms) _cursor++;
        var a = Path[_cursor];
        var b = Path[Math.Min(_cursor + 1, Path.Count - 1)];
        if (b.Ms <= a.Ms || ms <= a.Ms) return ms <= a.Ms ? (a.X, a.Y) : (b.X, b.Y);
        if (ms >= b.Ms) return (b.X, b.Y);
        var f = (double)(ms - a.Ms) / (b.Ms - a.Ms);
        return (a.X + (b.X - a.X) * f, a.Y + (b.Y - a.Y) * f);
    }
}

/// <summary>Builds a walking path at a steady pace with pauses.</summary>
internal sealed class PathBuilder
{
    private readonly List<Waypoint> _points = [];
    private readonly double _pxPerS;

    public PathBuilder(long startMs, double x, double y, double pxPerS)
    {
        _points.Add(new Waypoint(startMs, x, y));
        _pxPerS = pxPerS;
    }

    public long Now => _points[^1].Ms;
    public (double X, double Y) Here => (_points[^1].X, _points[^1].Y);

    public PathBuilder To(double x, double y)
    {
        var last = _points[^1];
        var dist = Math.Sqrt((x - last.X) * (x - last.X) + (y - last.Y) * (y - last.Y));
        var ms = Math.Max(200L, (long)Math.Round(dist / _pxPerS * 1000));
        _points.Add(new Waypoint(last.Ms + ms, x, y));
        return this;
    }

    public PathBuilder Dwell(long ms)
    {
        var last = _points[^1];
        _points.Add(last with { Ms = last.Ms + ms });
        return this;
    }

    public List<Waypoint> Build() => _points;
}

internal static class Geometry
{
    /// <summary>Ray casting: is the point inside the polygon?</summary>
    public static bool Inside(IReadOnlyList<(double X, double Y)> polygon, double x, double y)
    {
        var inside = false;
        for (int i = 0, j = polygon.Count - 1; i < polygon.Count; j = i++)
        {
            var (xi, yi) = polygon[i];
            var (xj, yj) = polygon[j];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
        }
        return inside;
    }
}
