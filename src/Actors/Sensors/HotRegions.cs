#nullable enable
namespace Vigil.Actors.Sensors;

/// <summary>
/// What one radiometric frame says, physically: the ambient (median) temperature, the hottest <em>supported</em> cell (heat
/// spreads, so a real hot cell has a neighbour at least half-way between the ambient and it; a dead or glitching pixel
/// stands alone), and the hottest region of connected cells above the alarm that is real: at least the minimum area, or
/// holding a supported cell.
/// </summary>
public readonly record struct HotRegions(double Ambient, double? SupportedMax, double? RegionMax, int RegionArea, int RegionPeak)
{
    public static HotRegions Of(int w, int h, float[] c, double alarmC, int minArea)
    {
        var n = Math.Min(c.Length, w * h);
        var valid = new List<float>(n);
        for (var i = 0; i < n; i++)
            if (float.IsFinite(c[i]))
                valid.Add(c[i]);
        if (valid.Count == 0)
            return new HotRegions(double.NaN, null, null, 0, -1);
        valid.Sort();
        double ambient = valid[(valid.Count - 1) / 2];

        double? supportedMax = null;
        var supported = new bool[n];
        for (var i = 0; i < n; i++)
        {
            if (!float.IsFinite(c[i]) || c[i] <= ambient)
                continue;
            var half = ambient + (c[i] - ambient) / 2;
            if (AnyNeighbour(w, h, n, c, i, v => v >= half))
            {
                supported[i] = true;
                if (supportedMax is not { } m || c[i] > m)
                    supportedMax = c[i];
            }
        }

        double? regionMax = null;
        var regionArea = 0;
        var regionPeak = -1;
        var seen = new bool[n];
        var stack = new Stack<int>();
        for (var start = 0; start < n; start++)
        {
            if (seen[start] || !(c[start] > alarmC))
                continue;
            var area = 0;
            double? best = null;
            var peak = start;
            var second = double.NegativeInfinity;
            var first = double.NegativeInfinity;
            stack.Push(start);
            seen[start] = true;
            while (stack.Count > 0)
            {
                var i = stack.Pop();
                area++;
                if (supported[i] && (best is not { } b || c[i] > b))
                    best = c[i];
                if (c[i] > first)
                    (second, first, peak) = (first, c[i], i);
                else if (c[i] > second)
                    second = c[i];
                int x = i % w, y = i / w;
                for (var dy = -1; dy <= 1; dy++)
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        int nx = x + dx, ny = y + dy, j = ny * w + nx;
                        if ((dx | dy) == 0 || nx < 0 || ny < 0 || nx >= w || ny >= h || j >= n || seen[j] || !(c[j] > alarmC))
                            continue;
                        seen[j] = true;
                        stack.Push(j);
                    }
            }
            // A region without a supported cell is only real by its size, and then its lone outlier does not set its temperature.
            var temperature = best ?? (area >= minArea ? second : (double?)null);
            if (temperature is { } tc && (regionMax is not { } r || tc > r))
                (regionMax, regionArea, regionPeak) = (tc, area, peak);
        }
        return new HotRegions(ambient, supportedMax, regionMax, regionArea, regionPeak);
    }

    /// <summary>The hottest valid cell within <paramref name="radius"/> cells of <paramref name="centre"/>.</summary>
    public static double LocalMax(int w, int h, float[] c, int centre, int radius)
    {
        var n = Math.Min(c.Length, w * h);
        int x0 = centre % w, y0 = centre / w;
        var max = double.NegativeInfinity;
        for (var y = Math.Max(0, y0 - radius); y <= Math.Min(h - 1, y0 + radius); y++)
            for (var x = Math.Max(0, x0 - radius); x <= Math.Min(w - 1, x0 + radius); x++)
            {
                var i = y * w + x;
                if (i < n && float.IsFinite(c[i]) && c[i] > max)
                    max = c[i];
            }
        return max;
    }

    private static bool AnyNeighbour(int w, int h, int n, float[] c, int i, Func<float, bool> test)
    {
        int x = i % w, y = i / w;
        for (var dy = -1; dy <= 1; dy++)
            for (var dx = -1; dx <= 1; dx++)
            {
                int nx = x + dx, ny = y + dy, j = ny * w + nx;
                if ((dx | dy) == 0 || nx < 0 || ny < 0 || nx >= w || ny >= h || j >= n)
                    continue;
                if (float.IsFinite(c[j]) && test(c[j]))
                    return true;
            }
        return false;
    }
}
