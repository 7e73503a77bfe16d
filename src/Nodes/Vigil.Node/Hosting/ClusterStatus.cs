using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Vigil.Actors.Sensors;
using Vigil.Actors.Views;
using Vigil.Actors.Zones;

namespace Vigil.Node.Hosting;

/// <summary>Operations endpoints: readiness, and the cluster's members with the shards and entities each hosts.</summary>
public static class ClusterStatus
{
    private static readonly TimeSpan StatsTimeout = TimeSpan.FromSeconds(3);

    public static void MapClusterStatus(this WebApplication app)
    {
        app.MapGet("/health/live", () => Results.Json(new { status = "live" }));
        app.MapGet("/health/ready", Readiness);
        app.MapGet("/api/cluster", Members);
    }

    /// <summary>Ready when this node is an Up member, both shard regions answer through their coordinators, and (api role) the views have read the journal.</summary>
    private static async Task<IResult> Readiness(IServiceProvider sp)
    {
        var system = sp.GetRequiredService<ActorSystem>();
        var settings = sp.GetRequiredService<NodeSettings>();
        var model = sp.GetRequiredService<ReadModel>();
        var cluster = Cluster.Get(system);
        var up = cluster.SelfMember.Status == MemberStatus.Up;
        var caughtUp = !settings.HasRole("api") || model.CaughtUp(ZoneActor.ZoneTag, SensorActor.SensorTag, ZoneActor.AlarmTag);
        var regions = up && await RegionsAnswer(sp);
        var ready = up && caughtUp && regions;
        var body = new
        {
            ready,
            member = cluster.SelfMember.Status.ToString().ToLowerInvariant(),
            shard_regions_up = regions,
            views_caught_up = caughtUp,
            roles = settings.Roles,
        };
        return Results.Json(body, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<bool> RegionsAnswer(IServiceProvider sp)
    {
        try
        {
            var timeout = TimeSpan.FromSeconds(2);
            await Task.WhenAll(
                sp.GetRequiredService<IRequiredActor<SensorRegion>>().ActorRef.Ask<CurrentRegions>(GetCurrentRegions.Instance, timeout),
                sp.GetRequiredService<IRequiredActor<ZoneRegion>>().ActorRef.Ask<CurrentRegions>(GetCurrentRegions.Instance, timeout));
            return true;
        }
        catch (Exception ex) when (ex is AskTimeoutException or TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task<IResult> Members(IServiceProvider sp)
    {
        var system = sp.GetRequiredService<ActorSystem>();
        var cluster = Cluster.Get(system);
        var state = cluster.State;
        var sensors = await Stats(sp.GetRequiredService<IRequiredActor<SensorRegion>>().ActorRef);
        var zones = await Stats(sp.GetRequiredService<IRequiredActor<ZoneRegion>>().ActorRef);
        var members = state.Members.OrderBy(m => m.Address.ToString(), StringComparer.Ordinal).Select(m => new
        {
            address = m.Address.ToString(),
            status = m.Status.ToString().ToLowerInvariant(),
            roles = m.Roles.OrderBy(r => r, StringComparer.Ordinal).ToArray(),
            reachable = !state.Unreachable.Contains(m),
            leader = m.Address.Equals(state.Leader),
            self = m.Address.Equals(cluster.SelfAddress),
            sensor_shards = sensors?.GetValueOrDefault(m.Address).Shards,
            sensors = sensors?.GetValueOrDefault(m.Address).Entities,
            zone_shards = zones?.GetValueOrDefault(m.Address).Shards,
            zones = zones?.GetValueOrDefault(m.Address).Entities,
        });
        return Results.Json(new
        {
            self = cluster.SelfAddress.ToString(),
            members,
            stats_complete = sensors is not null && zones is not null,
        });
    }

    /// <summary>Shards and entities per node, or null when the regions did not answer in time.</summary>
    private static async Task<Dictionary<Address, (int Shards, int Entities)>?> Stats(IActorRef region)
    {
        try
        {
            var stats = await region.Ask<ClusterShardingStats>(new GetClusterShardingStats(StatsTimeout), StatsTimeout + TimeSpan.FromSeconds(1));
            return stats.Regions.ToDictionary(r => r.Key, r => (r.Value.Stats.Count, r.Value.Stats.Values.Sum()));
        }
        catch (Exception ex) when (ex is AskTimeoutException or TaskCanceledException)
        {
            return null;
        }
    }
}
