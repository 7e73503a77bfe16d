using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Vigil.Messages;

namespace Vigil.Node.Replay;

/// <summary>Collects every hazard a zone accepted (with the alarm it raised or joined) from the cluster's alarm topic.</summary>
public sealed class HazardCollector : ReceiveActor
{
    public sealed record Subscribed;

    public sealed record GetCollected;

    public sealed record Collected(IReadOnlyList<(Hazard Hazard, string AlarmId)> Hazards);

    private readonly List<(Hazard, string)> _hazards = [];
    private IActorRef? _waitingForSubscription;
    private bool _subscribed;

    public static Props Props() => Akka.Actor.Props.Create(() => new HazardCollector());

    public HazardCollector()
    {
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(Topics.Alarms, Self));
        Receive<SubscribeAck>(_ =>
        {
            _subscribed = true;
            _waitingForSubscription?.Tell(new Subscribed());
        });
        Receive<Subscribed>(_ =>
        {
            if (_subscribed)
                Sender.Tell(new Subscribed());
            else
                _waitingForSubscription = Sender;
        });
        Receive<AlarmChanged>(c =>
        {
            if (c.Hazard is { } h)
                _hazards.Add((h, c.Alarm.Id));
        });
        Receive<GetCollected>(_ => Sender.Tell(new Collected(_hazards.ToList())));
    }
}
