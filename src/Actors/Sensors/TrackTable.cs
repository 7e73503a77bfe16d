#nullable enable
namespace Vigil.Actors.Sensors;

/// <summary>Per-track state that is forgotten once the track has been absent too long, with a hard cap on how many tracks are kept.</summary>
internal sealed class TrackTable<TState> where TState : class
{
    private sealed class Entry(TState state, DateTimeOffset lastSeen)
    {
        public TState State = state;
        public DateTimeOffset LastSeen = lastSeen;
    }

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeSpan _forget;
    private readonly int _max;
    private readonly Func<TState> _create;

    public TrackTable(TimeSpan forget, int max, Func<TState> create)
    {
        _forget = forget;
        _max = Math.Max(1, max);
        _create = create;
    }

    public int Count => _entries.Count;

    /// <summary>The state of a track seen at t; a track back after a long absence starts afresh, because its old frames say nothing about now.</summary>
    public TState Touch(string key, DateTimeOffset t)
    {
        if (_entries.TryGetValue(key, out var e))
        {
            if (t - e.LastSeen > _forget)
                e.State = _create();
            if (t > e.LastSeen)
                e.LastSeen = t;
            return e.State;
        }

        if (_entries.Count >= _max)
            EvictOldest();
        var fresh = new Entry(_create(), t);
        _entries[key] = fresh;
        return fresh.State;
    }

    /// <summary>Drops tracks absent for longer than the forget time.</summary>
    public void Sweep(DateTimeOffset now)
    {
        List<string>? stale = null;
        foreach (var (key, e) in _entries)
            if (now - e.LastSeen > _forget)
                (stale ??= []).Add(key);
        if (stale is null)
            return;
        foreach (var key in stale)
            _entries.Remove(key);
    }

    private void EvictOldest()
    {
        string? oldest = null;
        var at = DateTimeOffset.MaxValue;
        foreach (var (key, e) in _entries)
            if (e.LastSeen < at)
                (oldest, at) = (key, e.LastSeen);
        if (oldest is not null)
            _entries.Remove(oldest);
    }
}
