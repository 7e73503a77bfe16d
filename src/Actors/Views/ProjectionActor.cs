using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Vigil.Actors.Sensors;
using Vigil.Actors.Zones;
using Vigil.Messages;

namespace Vigil.Actors.Views;

/// <summary>
/// Projects one journal tag ("alarm", "sensor" or "zone") into the node's <see cref="ReadModel"/>: first everything
/// stored so far, then live. Alarm changes and sensor health also arrive on the cluster topics, faster than the
/// journal poll; versions make the two paths agree.
/// </summary>
public sealed class ProjectionActor : ReceiveActor, IWithTimers
{
    private sealed class StreamInit { public static readonly StreamInit Instance = new(); }
    private sealed class StreamAck { public static readonly StreamAck Instance = new(); }
    private sealed record StreamDone(bool Live);
    private sealed record StreamFailed(Exception Cause);
    private sealed class Restart { public static readonly Restart Instance = new(); }

    private readonly string _tag;
    private readonly Func<IReadJournal> _journalFactory;
    private IReadJournal? _journal;
    private readonly ReadModel _model;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private Offset _offset = Offset.NoOffset();
    private bool _live;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="journal">makes the read journal; called in the actor and retried, because creating it talks to the database, which may be slow or down when the node starts</param>
    public static Props Props(string tag, Func<IReadJournal> journal, ReadModel model, bool subscribeTopics = true) =>
        Akka.Actor.Props.Create(() => new ProjectionActor(tag, journal, model, subscribeTopics));

    public ProjectionActor(string tag, Func<IReadJournal> journal, ReadModel model, bool subscribeTopics)
    {
        _tag = tag;
        _journalFactory = journal;
        _model = model;

        if (subscribeTopics)
        {
            var mediator = DistributedPubSub.Get(Context.System).Mediator;
            if (tag == ZoneActor.AlarmTag)
                mediator.Tell(new Subscribe(Topics.Alarms, Self));
            if (tag == SensorActor.SensorTag)
                mediator.Tell(new Subscribe(Topics.SensorStatus, Self));
        }

        Receive<SubscribeAck>(_ => { });
        Receive<AlarmChanged>(m => _model.Upsert(m.Alarm, m.Change, m.Hazard));
        Receive<SensorStatusChanged>(_model.Apply);
        Receive<StreamInit>(_ => Sender.Tell(StreamAck.Instance));
        Receive<EventEnvelope>(env =>
        {
            _offset = env.Offset;
            try
            {
                Project(env.Event);
            }
            catch (Exception ex)
            {
                _log.Error(ex, "Projection {Tag} skipped {PersistenceId}#{SequenceNr}", _tag, env.PersistenceId, env.SequenceNr);
            }
            Sender.Tell(StreamAck.Instance);
        });
        Receive<StreamDone>(done =>
        {
            if (!done.Live)
            {
                _model.MarkCaughtUp(_tag);
                _log.Info("Projection {Tag} caught up with the journal", _tag);
                _live = true;
            }
            Run();
        });
        Receive<StreamFailed>(f =>
        {
            _log.Warning(f.Cause, "Projection {Tag} stream failed; retrying from {Offset}", _tag, _offset);
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
            ? ((IEventsByTagQuery)_journal).EventsByTag(_tag, _offset)
            : ((ICurrentEventsByTagQuery)_journal).CurrentEventsByTag(_tag, _offset);
        var live = _live;
        source.RunWith(
            Sink.ActorRefWithAck<EventEnvelope>(Self, StreamInit.Instance, StreamAck.Instance, new StreamDone(live), ex => new StreamFailed(ex)),
            Context.Materializer());
    }

    private void Project(object e)
    {
        switch (e)
        {
            case IAlarmEvent a:
                var current = _model.Alarm(a.AlarmId);
                if (current is null && a is AlarmRaised)
                    _model.Upsert(AlarmProjection.Apply(null, a), AlarmProjection.ChangeOf(a), ((AlarmRaised)a).Hazard);
                else if (current is not null && a.Version == current.Version + 1)
                    _model.Upsert(AlarmProjection.Apply(current, a), AlarmProjection.ChangeOf(a), a is HazardJoined j ? j.Hazard : null);
                break;
            case SensorRegistered r:
                UpsertSensor(r.SensorId, r.Kind, r.ZoneId, r.Config, false, r.At);
                break;
            case SensorReconfigured r:
                UpsertSensor(r.SensorId, r.Kind, r.ZoneId, r.Config, false, r.At);
                break;
            case SensorDecommissioned d when _model.Sensor(d.SensorId) is { } s:
                _model.Upsert(s with { Decommissioned = true, Health = SensorHealth.Decommissioned, UpdatedAt = d.At });
                break;
            case ZoneConfigured z:
                _model.Upsert(new ZoneView(z.ZoneId, z.Config, z.At));
                break;
            case ZoneDecommissioned z:
                _model.RemoveZone(z.ZoneId);
                break;
        }
    }

    private void UpsertSensor(string id, string kind, string zoneId, SensorConfig config, bool decommissioned, DateTimeOffset at)
    {
        var existing = _model.Sensor(id);
        _model.Upsert(new SensorView(id, kind, zoneId, config, decommissioned,
            existing is { Decommissioned: false } ? existing.Health : SensorHealth.Unknown,
            existing?.LastReadingAt, existing?.Readings ?? 0, existing?.RegisteredAt ?? at, at));
    }
}
