namespace Vigil.Actors.Sensors;

/// <summary>Which clock drives a sensor's windows and its silence watchdog.</summary>
public enum SensorClockMode
{
    /// <summary>
    /// Live: the sensor's clock is the newest reading time it has seen, carried forward by the wall time elapsed
    /// since that reading arrived. Windows then run in the device's own time frame (a skewed or replayed device
    /// clock never closes a window early), and silence still accumulates when nothing arrives.
    /// </summary>
    Wall,

    /// <summary>Replay: time moves only with readings and <see cref="Vigil.Messages.AdvanceClock"/>, so a replay gives the same hazards at any speed.</summary>
    Event,
}

/// <summary>How a sensor entity runs; one instance per node.</summary>
public sealed record SensorActorSettings(
    SensorClockMode Clock = SensorClockMode.Wall,
    TimeSpan? TickInterval = null,
    TimeSpan? ResendInterval = null,
    TimeSpan? StatusInterval = null,
    ICameraFeeds? Feeds = null,
    TimeSpan? QuietAfterInterval = null)
{
    /// <summary>How often the clock advances while readings flow (open windows close within this much of their due time).</summary>
    public TimeSpan Tick => TickInterval ?? TimeSpan.FromMilliseconds(250);

    /// <summary>After this long without a reading the clock stops; only the silence watchdog's one timer is left.</summary>
    public TimeSpan QuietAfter => QuietAfterInterval ?? TimeSpan.FromSeconds(5);
    public TimeSpan Resend => ResendInterval ?? TimeSpan.FromSeconds(3);
    public TimeSpan Status => StatusInterval ?? TimeSpan.FromSeconds(5);
}
