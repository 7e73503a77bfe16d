using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Query;
using Vigil.Actors.Sensors;
using Vigil.Actors.Zones;
using Vigil.Messages;

namespace Vigil.Actors.Views;

/// <summary>When a view saves a checkpoint of itself (<see cref="ViewCheckpoint"/>).</summary>
/// <param name="Events">after this many events projected since the last checkpoint…</param>
/// <param name="MinInterval">…but not more often than this</param>
/// <param name="MaxAge">and at least this often while anything changed</param>
public sealed record CheckpointPolicy(int Events, TimeSpan MinInterval, TimeSpan MaxAge)
{
    public static readonly CheckpointPolicy Default = new(5_000, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));
}

/// <summary>
/// Projects one journal tag ("alarm", "sensor" or "zone") into the node's <see cref="ReadModel"/>: first everything
/// stored so far, then live. Alarm changes and sensor health also arrive on the cluster topics, faster than the
/// journal poll; versions make the two paths agree.
/// <para>
/// With a <see cref="CheckpointPolicy"/>, the view saves itself with its offset in the snapshot store now and then,
/// and a starting node loads the newest checkpoint before it reads the journal, so a restart on a long journal reads
/// only what came after. Every node's view of a tag is the same, so any node's checkpoint serves all. A checkpoint
/// that cannot be loaded or saved costs time, never data: the view then reads the journal from further back.
/// </para>
/// </summary>
public sealed class ProjectionActor : TagProjection
{
    private sealed class CheckpointTick { public static readonly CheckpointTick Instance = new(); }
    private sealed class LoadTimedOut { public static readonly LoadTimedOut Instance = new(); }

    private readonly ReadModel _model;
    private readonly CheckpointPolicy? _policy;
    private readonly string _checkpointId;
    private IActorRef? _snapshots;
    private bool _loading;
    private int _sinceCheckpoint;
    private DateTime _lastCheckpoint = DateTime.UtcNow;
    private long _savingAt = -1;

    public static Props Props(string tag, Func<IReadJournal> journal, ReadModel model, bool subscribeTopics = true, CheckpointPolicy? checkpoints = null) =>
        Akka.Actor.Props.Create(() => new ProjectionActor(tag, journal, model, subscribeTopics, checkpoints));

    public ProjectionActor(string tag, Func<IReadJournal> journal, ReadModel model, bool subscribeTopics, CheckpointPolicy? checkpoints)
        : base(tag, journal)
    {
        _model = model;
        _policy = checkpoints;
        _checkpointId = CheckpointId(tag);

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
        Receive<LoadSnapshotResult>(r =>
        {
            if (!_loading)
                return;
            if (r.Snapshot?.Snapshot is ViewCheckpoint c && c.Tag == Tag)
                Restore(c);
            BeginStream();
        });
        Receive<LoadSnapshotFailed>(f =>
        {
            if (!_loading)
                return;
            Log.Warning(f.Cause, "View {Tag} could not load its checkpoint; reading the journal from the start", Tag);
            BeginStream();
        });
        Receive<LoadTimedOut>(_ =>
        {
            if (!_loading)
                return;
            Log.Warning("View {Tag} got no checkpoint within 30 s; reading the journal from the start", Tag);
            BeginStream();
        });
        Receive<CheckpointTick>(_ => MaybeCheckpoint());
        Receive<SaveSnapshotSuccess>(s =>
        {
            _savingAt = -1;
            Log.Info("View {Tag} saved a checkpoint at offset {Offset}", Tag, s.Metadata.SequenceNr);
            _snapshots!.Tell(new DeleteSnapshots(_checkpointId, new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        });
        Receive<SaveSnapshotFailure>(f =>
        {
            // Another node may have saved the same offset at the same moment, or the database is away: try again later.
            _savingAt = -1;
            Log.Warning(f.Cause, "View {Tag} could not save a checkpoint at offset {Offset}", Tag, f.Metadata.SequenceNr);
        });
        Receive<DeleteSnapshotsSuccess>(_ => { });
        Receive<DeleteSnapshotsFailure>(f => Log.Warning(f.Cause, "View {Tag} could not delete older checkpoints", Tag));
    }

    /// <summary>The snapshot-store id under which every node keeps its checkpoints of a tag's view.</summary>
    public static string CheckpointId(string tag) => $"view-{tag}";

    protected override void PreStart()
    {
        if (_policy is null)
        {
            StartStream();
            return;
        }
        _snapshots = Persistence.Instance.Apply(Context.System).SnapshotStoreFor(null);
        _loading = true;
        _snapshots.Tell(new LoadSnapshot(_checkpointId, SnapshotSelectionCriteria.Latest, long.MaxValue));
        Timers.StartSingleTimer("load", LoadTimedOut.Instance, TimeSpan.FromSeconds(30));
    }

    private void BeginStream()
    {
        _loading = false;
        Timers.Cancel("load");
        Timers.StartPeriodicTimer("checkpoint", CheckpointTick.Instance, _policy!.MinInterval);
        StartStream();
    }

    protected override void Projected(int count) => _sinceCheckpoint += count;

    protected override void CaughtUp()
    {
        _model.MarkCaughtUp(Tag);
        Log.Info("Projection {Tag} caught up with the journal at {Offset}", Tag, Offset);
        if (_policy is not null && _sinceCheckpoint >= _policy.Events)
            SaveCheckpoint(); // a long catch-up: spare the next restart the same
    }

    protected override void Project(EventEnvelope env)
    {
        switch (env.Event)
        {
            case IAlarmEvent a:
                var current = _model.Alarm(a.AlarmId);
                if (current is null && a is AlarmRaised)
                    _model.Upsert(AlarmProjection.Apply(null, a), AlarmProjection.ChangeOf(a), ((AlarmRaised)a).Hazard);
                else if (current is not null && a.Version == current.Version + 1)
                    _model.Upsert(AlarmProjection.Apply(current, a), AlarmProjection.ChangeOf(a), a is HazardJoined j ? j.Hazard : null);
                break;
            // A sensor's changes are ordered by the At its entity stamps on each event, not by the journal's sequence
            // number: the API's write-through (from the sensor's reply) and the sensor's status carry the same At, so
            // all three routes compare on one key. The entity keeps it strictly increasing (SensorActor.NextChangeAt).
            case SensorRegistered r:
                _model.Apply(new SensorRegistration(r.SensorId, r.Kind, r.ZoneId, r.Config, false, r.At, r.At));
                break;
            case SensorReconfigured r:
                _model.Apply(new SensorRegistration(r.SensorId, r.Kind, r.ZoneId, r.Config, false, r.At, r.At));
                break;
            case SensorDecommissioned d:
                _model.Decommission(d.SensorId, d.At);
                break;
            // A zone's changes likewise, by the At its entity stamps (ZoneState.NextChangeAt), which the API's write-through
            // gets from the zone's reply.
            case ZoneConfigured z:
                _model.Upsert(new ZoneView(z.ZoneId, z.Config, z.At));
                break;
            case ZoneDecommissioned z:
                _model.RemoveZone(z.ZoneId, z.At);
                break;
        }
    }

    // ---------------- checkpoints ----------------

    private void Restore(ViewCheckpoint c)
    {
        Offset = Offset.Sequence(c.Offset);
        // Decommissioned zones are not in a checkpoint: what comes after its offset replays each zone's events in order.
        foreach (var z in c.Zones ?? [])
            _model.Upsert(new ZoneView(z.ZoneId, z.Config, z.At));
        foreach (var s in c.Sensors ?? [])
            _model.Apply(new SensorRegistration(s.SensorId, s.Kind, s.ZoneId, s.Config, s.Decommissioned, s.ChangedAt, s.UpdatedAt, s.RegisteredAt));
        foreach (var a in c.Alarms ?? [])
            _model.Upsert(a, "changed", null);
        Log.Info("View {Tag} restored {Count} entries from its checkpoint at offset {Offset}; reading the journal after it",
            Tag, (c.Zones?.Count ?? 0) + (c.Sensors?.Count ?? 0) + (c.Alarms?.Count ?? 0), c.Offset);
    }

    private void MaybeCheckpoint()
    {
        if (_sinceCheckpoint == 0 || !Live)
            return;
        if (_sinceCheckpoint >= _policy!.Events || DateTime.UtcNow - _lastCheckpoint >= _policy.MaxAge)
            SaveCheckpoint();
    }

    private void SaveCheckpoint()
    {
        if (_savingAt >= 0 && DateTime.UtcNow - _lastCheckpoint < TimeSpan.FromMinutes(2))
            return; // one save at a time; a save with no answer in two minutes is given up
        if (Offset is not Sequence { Value: > 0 } at)
            return;
        var checkpoint = Tag switch
        {
            ZoneActor.AlarmTag => new ViewCheckpoint(Tag, at.Value, Alarms: _model.Alarms.ToList()),
            SensorActor.SensorTag => new ViewCheckpoint(Tag, at.Value, Sensors: _model.Sensors
                .Where(s => s.Kind.Length > 0)
                .Select(s => new CheckpointedSensor(s.SensorId, s.Kind, s.ZoneId, s.Config, s.Decommissioned, s.RegisteredAt, s.UpdatedAt, s.ChangedAt))
                .ToList()),
            ZoneActor.ZoneTag => new ViewCheckpoint(Tag, at.Value, Zones: _model.Zones.Select(z => new ZoneConfigured(z.ZoneId, z.Config, z.ConfiguredAt)).ToList()),
            _ => null,
        };
        if (checkpoint is null)
            return;
        _savingAt = at.Value;
        _sinceCheckpoint = 0;
        _lastCheckpoint = DateTime.UtcNow;
        _snapshots ??= Persistence.Instance.Apply(Context.System).SnapshotStoreFor(null);
        _snapshots.Tell(new SaveSnapshot(new SnapshotMetadata(_checkpointId, at.Value, DateTime.UtcNow), checkpoint));
    }
}
