using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Persistence.Query;
using Vigil.Actors.Zones;
using Vigil.Messages;

namespace Vigil.Actors.Views;

/// <summary>
/// Projects the journal's alarm events (tag "alarm", from the start, then live) into the <see cref="TrendsTable"/>,
/// and sensors' health changes (topic "sensor-status") into the <see cref="UptimeTable"/>. Restarts its stream
/// from the last offset when the database fails.
/// </summary>
public sealed class TrendsProjectionActor : TagProjection
{
    private readonly TrendsTable _trends;

    public static Props Props(Func<IReadJournal> journal, TrendsTable trends, UptimeTable uptime) =>
        Akka.Actor.Props.Create(() => new TrendsProjectionActor(journal, trends, uptime));

    public TrendsProjectionActor(Func<IReadJournal> journal, TrendsTable trends, UptimeTable uptime)
        : base(ZoneActor.AlarmTag, journal)
    {
        _trends = trends;
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(Topics.SensorStatus, Self));
        Receive<SubscribeAck>(_ => { });
        Receive<SensorStatusChanged>(s => uptime.Apply(s.SensorId, s.Health, s.At));
    }

    protected override void Project(EventEnvelope env)
    {
        if (env.Event is IAlarmEvent e)
            _trends.Apply(e);
    }
}
