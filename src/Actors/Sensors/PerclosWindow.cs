#nullable enable
namespace Vigil.Actors.Sensors;

/// <summary>PERCLOS: the share of the last window's driver-monitor readings (face seen) with the eyes closed.</summary>
public sealed class PerclosWindow(TimeSpan window)
{
    private readonly Queue<(DateTimeOffset T, bool Closed)> _readings = new();
    private int _closed;

    public void Add(DateTimeOffset t, bool closed)
    {
        _readings.Enqueue((t, closed));
        if (closed)
            _closed++;
        while (_readings.Count > 0 && t - _readings.Peek().T > window)
            if (_readings.Dequeue().Closed)
                _closed--;
    }

    /// <summary>Forget everything (the driver left, the truck parked: a new window starts).</summary>
    public void Clear()
    {
        _readings.Clear();
        _closed = 0;
    }

    public int Count => _readings.Count;

    /// <summary>How much time the readings cover.</summary>
    public TimeSpan Span => _readings.Count < 2 ? TimeSpan.Zero : _readings.Last().T - _readings.Peek().T;

    public double Value => _readings.Count == 0 ? 0 : (double)_closed / _readings.Count;
}
