using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Vigil.Actors.Metrics;
using Vigil.Node.Hosting;

namespace Vigil.Node.Integration;

/// <summary>Refreshes the shard and entity gauges from this node's own shard regions every few seconds.</summary>
public sealed class ShardMetrics(IServiceProvider services, NodeSettings settings) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Sample only after the host has started: the regions exist once Akka's own hosted service has run.
        using var timer = new PeriodicTimer(Every);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (settings.HasRole("sensors"))
                await Sample("sensor", services.GetRequiredService<IRequiredActor<SensorRegion>>());
            if (settings.HasRole("zones"))
                await Sample("zone", services.GetRequiredService<IRequiredActor<ZoneRegion>>());
        }
    }

    private static async Task Sample<T>(string region, IRequiredActor<T> actor)
    {
        try
        {
            var regionRef = await actor.GetAsync();
            var stats = await regionRef.Ask<ShardRegionStats>(GetShardRegionStats.Instance, TimeSpan.FromSeconds(3));
            VigilMetrics.Shards.WithLabels(region).Set(stats.Stats.Count);
            VigilMetrics.Entities.WithLabels(region).Set(stats.Stats.Values.Sum());
        }
        catch (Exception ex) when (ex is AskTimeoutException or TaskCanceledException or InvalidOperationException)
        {
            // The region is not up yet (or the system is stopping); the next tick tries again.
        }
    }
}
