using Akka.Actor;
using Akka.Event;
using Vigil.Messages;

namespace Vigil.Actors.Plant;

/// <summary>
/// Where a node's zones send actuator commands. It logs each command and hands it on to the outputs configured
/// (the cluster topic <c>actuators</c>, to which device drivers and bridges subscribe); it never blocks a zone.
/// </summary>
public sealed class ActuatorGateway : ReceiveActor
{
    public static Props Props(IActorRef output) => Akka.Actor.Props.Create(() => new ActuatorGateway(output));

    public ActuatorGateway(IActorRef output)
    {
        var log = Context.GetLogger();
        Receive<ActuatorCommand>(c =>
        {
            log.Info("Actuator {ActuatorId} ({Kind}) {Action} for {DurationS}s: alarm {AlarmId} ({Reason})",
                c.ActuatorId, c.Kind, c.Action, c.DurationS, c.AlarmId, c.Reason);
            output.Tell(c);
        });
    }
}
