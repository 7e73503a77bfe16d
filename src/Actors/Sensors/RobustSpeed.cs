#nullable enable
namespace Vigil.Actors.Sensors;

/// <summary>
/// One vehicle's speed from its radar samples. A sample that no other sample of the pass could physically agree with
/// (a multipath reflection, a harmonic) is a spike and is dropped; a steady pass gives the median, a pass whose speed
/// really changed gives its peak (the highest running median of three), so a real peak is never averaged away.
/// </summary>
public static class RobustSpeed
{
    /// <summary>Two samples of one vehicle agree when they differ by at most this (the radar's noise, both ways)...</summary>
    public const double NoiseKmh = 3.0;

    /// <summary>...plus what the vehicle can change in between: about 3 m/s², firm braking for a truck.</summary>
    public const double MaxChangeKmhPerS = 10.8;

    /// <summary>Samples spread by at most this are one steady speed.</summary>
    public const double SteadySpreadKmh = 4.0;

    /// <param name="samples">(seconds since the first sample, km/h) in time order</param>
    public static double Of(IReadOnlyList<(double S, double Kmh)> samples)
    {
        if (samples.Count == 0)
            throw new ArgumentException("no samples", nameof(samples));
        if (samples.Count == 1)
            return samples[0].Kmh;

        var clean = new List<double>(samples.Count);
        for (var i = 0; i < samples.Count; i++)
        {
            for (var j = 0; j < samples.Count; j++)
            {
                if (i == j)
                    continue;
                var tolerance = NoiseKmh + MaxChangeKmhPerS * Math.Abs(samples[i].S - samples[j].S);
                if (Math.Abs(samples[i].Kmh - samples[j].Kmh) <= tolerance)
                {
                    clean.Add(samples[i].Kmh);
                    break;
                }
            }
        }

        // Nothing agrees with anything (two wild samples): a reflection reads high, never low, so the lowest is the vehicle.
        if (clean.Count == 0)
            return samples.Min(s => s.Kmh);

        var sorted = clean.Order().ToList();
        if (sorted[^1] - sorted[0] <= SteadySpreadKmh || clean.Count < 3)
            return Median(sorted);

        var peak = double.NegativeInfinity;
        for (var i = 1; i + 1 < clean.Count; i++)
            peak = Math.Max(peak, Median3(clean[i - 1], clean[i], clean[i + 1]));
        return peak;
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    private static double Median3(double a, double b, double c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
