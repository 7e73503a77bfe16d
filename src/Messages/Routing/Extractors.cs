using Akka.Cluster.Sharding;

namespace Vigil.Messages.Routing;

/// <summary>Shard counts. About ten times the largest node count we expect (a plant runs up to ten servers),
/// so shards spread evenly; never change them once a cluster has persisted data, or entities move shards.</summary>
public static class ShardCounts
{
    public const int Sensors = 100;
    public const int Zones = 100;
}

/// <summary>Routes messages that carry a sensor id to that sensor's entity.</summary>
public sealed class SensorMessageExtractor() : HashCodeMessageExtractor(ShardCounts.Sensors)
{
    public override string? EntityId(object message) => message switch
    {
        IWithSensorId m => m.SensorId,
        _ => null,
    };
}

/// <summary>Routes messages that carry a zone id to that zone's supervisor entity.</summary>
public sealed class ZoneMessageExtractor() : HashCodeMessageExtractor(ShardCounts.Zones)
{
    public override string? EntityId(object message) => message switch
    {
        IWithZoneId m => m.ZoneId,
        _ => null,
    };
}
