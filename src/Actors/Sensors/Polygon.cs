#nullable enable
using Vigil.Messages;

namespace Vigil.Actors.Sensors;

/// <summary>Point-in-polygon for danger zones drawn in pixel coordinates.</summary>
public static class Polygon
{
    /// <summary>Ray casting (even-odd); polygons with fewer than three points contain nothing.</summary>
    public static bool Contains(IReadOnlyList<Point> polygon, double x, double y)
    {
        var n = polygon.Count;
        if (n < 3)
            return false;

        var inside = false;
        for (int i = 0, j = n - 1; i < n; j = i++)
        {
            var (xi, yi) = (polygon[i].X, polygon[i].Y);
            var (xj, yj) = (polygon[j].X, polygon[j].Y);
            // Half-open test on y so a ray through a vertex is counted once, never twice.
            if ((yi > y) != (yj > y))
            {
                var crossX = xi + (y - yi) * (xj - xi) / (yj - yi);
                if (x < crossX)
                    inside = !inside;
            }
        }
        return inside;
    }

    public static bool ContainsAny(IReadOnlyList<IReadOnlyList<Point>>? polygons, double x, double y)
    {
        if (polygons is null)
            return false;
        foreach (var p in polygons)
            if (Contains(p, x, y))
                return true;
        return false;
    }
}
