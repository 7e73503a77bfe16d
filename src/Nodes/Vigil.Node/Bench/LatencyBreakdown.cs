using Akka.Actor;
using System.Collections.Concurrent;
using System.Diagnostics;
using Vigil.Actors.Metrics;
using Vigil.Messages;

namespace Vigil.Node.Bench;

/// <summary>
/// Where a benchmark phase's reading → alarm time goes, sampled while it runs: a sensor's round trip through the
/// shard region (region and mailbox queueing), how long the .NET thread pool takes to start a work item queued from
/// outside it (as database I/O completions are), the zones' persist time (persist call to confirmation, from the
/// zone's metric) and the journal's INSERT commands as the PostgreSQL driver times them.
/// </summary>
internal sealed class LatencyBreakdown : IAsyncDisposable
{
    private readonly ConcurrentBag<double> _pings = [];
    private readonly ConcurrentBag<double> _pool = [];
    private readonly ConcurrentBag<double> _inserts = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly ActivityListener _db;
    private readonly Task _pinger;
    private readonly Thread _poolProbe;
    private readonly double _persistSum = VigilMetrics.JournalWrite.Sum;
    private readonly double _persistCount = VigilMetrics.JournalWrite.Count;
    private (double Sum, double Count) _persistEnd;

    public LatencyBreakdown(BenchNode node, IReadOnlyList<string> sensorIds)
    {
        _db = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Npgsql", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = a =>
            {
                if ((a.GetTagItem("db.query.text") ?? a.GetTagItem("db.statement")) is string sql && sql.TrimStart().StartsWith("INSERT INTO journal", StringComparison.OrdinalIgnoreCase))
                    _inserts.Add(a.Duration.TotalMilliseconds);
            },
        };
        ActivitySource.AddActivityListener(_db);
        _pinger = Task.Run(async () =>
        {
            var random = new Random(7);
            while (!_stop.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await node.Sensors.Ask<SensorFlushed>(new FlushSensor(sensorIds[random.Next(sensorIds.Count)]), _stop.Token);
                    _pings.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    await Task.Delay(20, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    // the phase ended with a ping in flight: not a sample
                }
            }
        });
        _poolProbe = new Thread(() =>
        {
            while (!_stop.IsCancellationRequested)
            {
                // One event per probe, so a probe that runs late never answers for the next one.
                var ran = new ManualResetEventSlim();
                var queued = Stopwatch.GetTimestamp();
                ThreadPool.UnsafeQueueUserWorkItem(_ => { _pool.Add(Stopwatch.GetElapsedTime(queued).TotalMilliseconds); ran.Set(); }, null);
                if (ran.Wait(TimeSpan.FromSeconds(10)))
                    ran.Dispose();
                Thread.Sleep(10);
            }
        }) { IsBackground = true, Name = "bench-pool-probe" };
        _poolProbe.Start();
    }

    /// <summary>Stop sampling (the figures stay for <see cref="Print"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
            return;
        _stop.Cancel();
        await _pinger;
        _poolProbe.Join();
        _db.Dispose();
        _persistEnd = (VigilMetrics.JournalWrite.Sum, VigilMetrics.JournalWrite.Count);
    }

    /// <summary>One line: what was sampled until <see cref="DisposeAsync"/>.</summary>
    public void Print()
    {
        var persists = _persistEnd.Count - _persistCount;
        var persistMean = persists > 0 ? (_persistEnd.Sum - _persistSum) / persists * 1000 : double.NaN;
        Console.WriteLine($"  where the time goes: sensor round trip via the region {Quantiles(_pings)}; thread-pool start delay {Quantiles(_pool)}; " +
            $"zone persist mean {persistMean:0.0} ms over {persists:N0} events; journal INSERT (PostgreSQL only) {Quantiles(_inserts)}");
    }

    private static string Quantiles(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        return sorted.Length == 0 ? "n/a"
            : $"p50 {ThroughputBench.Percentile(sorted, 0.5):0.0} / p99 {ThroughputBench.Percentile(sorted, 0.99):0.0} ms (n={sorted.Length})";
    }
}
