namespace Vigil.Node.Simulation;

/// <summary>
/// Settings of a simulated plant run. Everything is derived from <see cref="Seed"/> and event time only,
/// so the same options always give byte-identical scenario and labels output.
/// </summary>
/// <param name="Seed">Seed of every <see cref="System.Random"/> the simulator uses.</param>
/// <param name="Start">Event time of the run's start (default 2026-03-02T06:30:00Z: the early shift, so the rooftop camera's
/// night window 19:00–07:00 covers the first half hour of a one-hour run). Truncated to whole milliseconds, written as UTC.</param>
/// <param name="Duration">Length of the run (default 10 minutes).</param>
/// <param name="HazardsPerHour">Injected episodes per hour of each hazard type on each sensor that can have it
/// (no_helmet, zone_intrusion, overspeed, hot_spot, seatbelt_unfastened, driver_fatigue, rooftop_intrusion — the last only at night).
/// Sensor silences are fixed at one per 10 minutes.</param>
/// <param name="CamerasPerZone">Cameras in each camera zone (moulding-a, road-east, rooftop-dorm).</param>
public sealed record SimulationOptions(
    int Seed = 7,
    DateTimeOffset? Start = null,
    TimeSpan? Duration = null,
    double HazardsPerHour = 12,
    int CamerasPerZone = 1)
{
    public static readonly DateTimeOffset DefaultStart = new(2026, 3, 2, 6, 30, 0, TimeSpan.Zero);
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromMinutes(10);
}

/// <summary>One reading line of a scenario: its event time and its JSON text.</summary>
public sealed record SimLine(DateTimeOffset T, string Json);
