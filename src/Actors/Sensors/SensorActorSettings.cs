namespace Vigil.Actors.Sensors;

/// <summary>Which clock drives a sensor's windows and its silence watchdog.</summary>
public enum SensorClockMode
{
    /// <summary>Live: the actor ticks on the wall clock.</summary>
    Wall,

    /// <summary>Replay: time moves only with readings and <see cref="Vigil.Messages.AdvanceClock"/>, so a replay gives the same hazards at any speed.</summary>
    Event,
}

/// <summary>How a sensor entity runs; one instance per node.</summary>
public sealed record SensorActorSettings(
    SensorClockMode Clock = SensorClockMode.Wall,
    TimeSpan? TickInterval = null,
    TimeSpan? ResendInterval = null,
    TimeSpan? StatusInterval = null)
{
    public TimeSpan Tick => TickInterval ?? TimeSpan.FromMilliseconds(500);
    public TimeSpan Resend => ResendInterval ?? TimeSpan.FromSeconds(3);
    public TimeSpan Status => StatusInterval ?? TimeSpan.FromSeconds(5);
}
