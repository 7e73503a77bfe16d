namespace Vigil.Actors.Sensors;

/// <summary>
/// A live sensor's clock (<see cref="SensorClockMode.Wall"/>): the newest reading time it has seen, carried forward by
/// the wall time elapsed since that reading arrived. Each in-order reading re-anchors it, so drift between the device
/// and this node never builds up; a late, older reading never moves it back. A struct: one per sensor, inline.
/// </summary>
public struct LiveClock
{
    private DateTimeOffset? _eventTime;
    private DateTimeOffset _anchoredAt;

    /// <summary>When the last reading arrived, on this node's clock.</summary>
    public DateTimeOffset LastArrival { get; private set; }

    public void Observe(DateTimeOffset t, DateTimeOffset wallNow)
    {
        LastArrival = wallNow;
        if (_eventTime is null || t >= _eventTime)
        {
            _eventTime = t;
            _anchoredAt = wallNow;
        }
    }

    /// <summary>The sensor's time now; the wall time itself before its first reading.</summary>
    public readonly DateTimeOffset Now(DateTimeOffset wallNow) => _eventTime is { } t ? t + (wallNow - _anchoredAt) : wallNow;
}
