using System.Collections.Concurrent;

namespace Vigil.Node.Api;

/// <summary>Counts what came in at the edge and what was refused, by reason; served at /api/stats.</summary>
public sealed class IngestCounters
{
    private readonly ConcurrentDictionary<string, long> _rejected = new();
    private long _readings;

    public long Readings => Interlocked.Read(ref _readings);
    public IReadOnlyDictionary<string, long> Rejected => _rejected.ToDictionary(kv => kv.Key, kv => kv.Value);

    public void Accepted(int n = 1) => Interlocked.Add(ref _readings, n);

    public void Reject(string reason)
    {
        _rejected.AddOrUpdate(reason, 1, (_, n) => n + 1);
        Vigil.Actors.Metrics.VigilMetrics.Rejects.WithLabels(reason).Inc();
    }
}
