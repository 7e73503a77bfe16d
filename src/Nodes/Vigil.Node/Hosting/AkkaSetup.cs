using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Persistence.Query;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Query;
using Akka.Remote.Hosting;
using Vigil.Actors.Plant;
using Vigil.Actors.Sensors;
using Vigil.Actors.Views;
using Vigil.Actors.Zones;
using Vigil.Messages.Routing;

namespace Vigil.Node.Hosting;

/// <summary>Registry key of the sensor shard region (or its proxy on nodes without the sensors role).</summary>
public sealed class SensorRegion;

/// <summary>Registry key of the zone shard region (or its proxy).</summary>
public sealed class ZoneRegion;

/// <summary>Registry key of the node's topic publisher.</summary>
public sealed class Publisher;

/// <summary>Registry key of the node's actuator gateway.</summary>
public sealed class Actuators;

/// <summary>The Akka.Hosting wiring shared by `run`, `demo`, `replay` and the tests.</summary>
public static class AkkaSetup
{
    public const string SystemName = "vigil";

    public static AkkaConfigurationBuilder ConfigureVigil(this AkkaConfigurationBuilder b, NodeSettings s, ReadModel model, SensorActorSettings sensorSettings)
    {
        s.Database.Prepare();
        if (s.Database.Provider == DatabaseSettings.Sqlite)
            b.AddSetup(SqliteBusyTimeout.Setup(s.Database.ConnectionString));
        b.AddHocon(s.Database.ToHocon(), HoconAddMode.Prepend)
            .AddHocon(NodeSettings.LoadHocon(), HoconAddMode.Append)
            .AddHocon(CompactMailbox.Hocon, HoconAddMode.Append)
            .AddHocon(SqlPersistence.DefaultConfiguration, HoconAddMode.Append)
            .WithRemoting(s.Host, s.Port)
            .AddHocon(s.Integration.Remote.ToHocon(s), HoconAddMode.Prepend)
            .WithClustering(new ClusterOptions
            {
                Roles = s.Roles.ToArray(),
                SeedNodes = s.Seeds.Select(e => $"{(s.Integration.Remote.Tls ? "akka.ssl.tcp" : "akka.tcp")}://{SystemName}@{e}").ToArray(),
                SplitBrainResolver = new KeepMajorityOption(),
            })
            .AddStartup((system, _) =>
            {
                // No seeds: this node is a cluster of its own (port 0 works, since it joins its actual address).
                if (s.Seeds.Count == 0)
                    Akka.Cluster.Cluster.Get(system).Join(Akka.Cluster.Cluster.Get(system).SelfAddress);
            })
            .WithActors((system, registry) =>
            {
                var publisher = system.ActorOf(TopicPublisher.Props(), "publisher");
                registry.Register<Publisher>(publisher);
                registry.Register<Actuators>(system.ActorOf(ActuatorGateway.Props(publisher), "actuators"));
            });

        var zoneOptions = new ShardOptions
        {
            Role = "zones",
            RememberEntities = true,
            RememberEntitiesStore = RememberEntitiesStore.Eventsourced,
        };
        var sensorOptions = new ShardOptions
        {
            Role = "sensors",
            RememberEntities = true,
            RememberEntitiesStore = RememberEntitiesStore.Eventsourced,
            HandOffStopMessage = StopSensor.Instance,
        };

        if (s.HasRole("zones"))
            b.WithShardRegion<ZoneRegion>("zone",
                (_, registry, _) => zoneId => ZoneActor.Props(zoneId, registry.Get<Actuators>(), registry.Get<Publisher>()),
                new ZoneMessageExtractor(), zoneOptions);
        else
            b.WithShardRegionProxy<ZoneRegion>("zone", "zones", new ZoneMessageExtractor());

        if (s.HasRole("sensors"))
            b.WithShardRegion<SensorRegion>("sensor",
                (_, registry, _) => sensorId => SensorActor.Props(sensorId, registry.Get<ZoneRegion>(), registry.Get<Publisher>(), sensorSettings),
                new SensorMessageExtractor(), sensorOptions);
        else
            b.WithShardRegionProxy<SensorRegion>("sensor", "sensors", new SensorMessageExtractor());

        if (s.HasRole("api"))
            b.WithActors((system, _) =>
            {
                IReadJournal Journal() => PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
                foreach (var tag in new[] { ZoneActor.ZoneTag, SensorActor.SensorTag, ZoneActor.AlarmTag })
                    system.ActorOf(ProjectionActor.Props(tag, Journal, model, checkpoints: s.ViewCheckpoints), $"projection-{tag}");
            });
        return b;
    }
}
