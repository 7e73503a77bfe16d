using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Vigil.Actors.Zones;
using Vigil.Messages;

namespace Vigil.Actors.Views;

/// <summary>
/// Projects the journal's alarm events (tag "alarm", from the start, then live) into the <see cref="TrendsTable"/>,
/// and sensors' health changes (topic "sensor-status") into the <see cref="UptimeTable"/>. Restarts its stream
/// from the last offset when the database fails.
/// </summary>
public sealed class TrendsProjectionActor : ReceiveActor, IWithTimers
{
    private sealed class StreamInit { public static readonly StreamInit Instance = new(); }
    private sealed class StreamAck { public static readonly StreamAck Instance = new(); }
    private sealed record StreamDone(bool Live);
    private sealed record StreamFailed(Exception Cause);
    private sealed class Restart { public static readonly Restart Instance = new(); }

    private readonly Func<IReadJournal> _journalFactory;
    private readonly TrendsTable _trends;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IReadJournal? _journal;
    private Offset _offset = Offset.NoOffset();
    private bool _live;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(Func<IReadJournal> journal, TrendsTable trends, UptimeTable uptime) =>
        Akka.Actor.Props.Create(() => new TrendsProjectionActor(journal, trends, uptime));

    public TrendsProjectionActor(Func<IReadJournal> journal, TrendsTable trends, UptimeTable uptime)
    {
        _journalFactory = journal;
        _trends = trends;
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(Topics.SensorStatus, Self));
        Receive<SubscribeAck>(_ => { });
        Receive<SensorStatusChanged>(s => uptime.Apply(s.SensorId, s.Health, s.At));
        Receive<StreamInit>(_ => Sender.Tell(StreamAck.Instance));
        Receive<EventEnvelope>(env =>
        {
            _offset = env.Offset;
            if (env.Event is IAlarmEvent e)
                _trends.Apply(e);
            Sender.Tell(StreamAck.Instance);
        });
        Receive<StreamDone>(done =>
        {
            _live |= !done.Live;
            Run();
        });
        Receive<StreamFailed>(f =>
        {
            _log.Warning(f.Cause, "Trends projection stream failed; retrying from {Offset}", _offset);
            Timers.StartSingleTimer("restart", Restart.Instance, TimeSpan.FromSeconds(2));
        });
        Receive<Restart>(_ => Run());
    }

    protected override void PreStart() => Run();

    private void Run()
    {
        try
        {
            _journal ??= _journalFactory();
        }
        catch (Exception ex)
        {
            Self.Tell(new StreamFailed(ex));
            return;
        }
        var source = _live
            ? ((IEventsByTagQuery)_journal).EventsByTag(ZoneActor.AlarmTag, _offset)
            : ((ICurrentEventsByTagQuery)_journal).CurrentEventsByTag(ZoneActor.AlarmTag, _offset);
        var live = _live;
        source.RunWith(
            Sink.ActorRefWithAck<EventEnvelope>(Self, StreamInit.Instance, StreamAck.Instance, new StreamDone(live), ex => new StreamFailed(ex)),
            Context.Materializer());
    }
}
