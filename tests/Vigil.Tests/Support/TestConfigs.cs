using Akka.Configuration;

namespace Vigil.Tests.Support;

/// <summary>ActorSystem settings for actor tests: in-memory journal and snapshots, Vigil's serializer bound.</summary>
public static class TestConfigs
{
    public static readonly Config InMemoryPersistence = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        akka.actor.serializers.vigil = "Vigil.Messages.Serialization.VigilSerializer, Vigil.Messages"
        akka.actor.serialization-bindings { "Vigil.Messages.IVigilMessage, Vigil.Messages" = vigil }
        """).WithFallback(ConfigurationFactory.ParseString(Vigil.Actors.Sensors.CompactMailbox.Hocon));
}
