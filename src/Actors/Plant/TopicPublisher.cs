using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Vigil.Messages;

namespace Vigil.Actors.Plant;

/// <summary>Publishes alarm changes, sensor status and actuator commands cluster-wide on their topics.</summary>
public sealed class TopicPublisher : ReceiveActor
{
    public static Props Props() => Akka.Actor.Props.Create(() => new TopicPublisher());

    public TopicPublisher()
    {
        var mediator = DistributedPubSub.Get(Context.System).Mediator;
        Receive<AlarmChanged>(m => mediator.Tell(new Publish(Topics.Alarms, m)));
        Receive<SensorStatusChanged>(m => mediator.Tell(new Publish(Topics.SensorStatus, m)));
        Receive<ActuatorCommand>(m => mediator.Tell(new Publish(Topics.Actuators, m)));
    }
}
