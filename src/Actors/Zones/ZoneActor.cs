using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Vigil.Actors.Metrics;
using Vigil.Messages;

namespace Vigil.Actors.Zones;

/// <summary>
/// A zone supervisor: a persistent, sharded entity that turns hazards into alarms, commands actuators,
/// escalates what nobody acknowledges and takes operators' commands. Every change is an event tagged "alarm".
/// </summary>
public sealed class ZoneActor : ReceivePersistentActor, IWithTimers
{
    public const string AlarmTag = "alarm";
    public const string ZoneTag = "zone";
    private const int SnapshotEvery = 100;

    private sealed record EscalationDue(string AlarmId, int Level);

    private readonly string _zoneId;
    private readonly IActorRef _actuators;
    private readonly IActorRef _notifications;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ZoneState _state;
    private int _eventsSinceSnapshot;
    private int _writesInFlight;

    public ITimerScheduler Timers { get; set; } = null!;

    public override string PersistenceId => PersistenceIdOf(_zoneId);

    /// <summary>The journal id of a zone's events (its alarms' full history).</summary>
    public static string PersistenceIdOf(string zoneId) => $"zone-{zoneId}";

    /// <param name="actuators">receives every <see cref="ActuatorCommand"/> (the node's actuator gateway)</param>
    /// <param name="notifications">receives every <see cref="AlarmChanged"/> (publishes it cluster-wide)</param>
    public static Props Props(string zoneId, IActorRef actuators, IActorRef notifications) =>
        Akka.Actor.Props.Create(() => new ZoneActor(zoneId, actuators, notifications));

    public ZoneActor(string zoneId, IActorRef actuators, IActorRef notifications)
    {
        _zoneId = zoneId;
        _actuators = actuators;
        _notifications = notifications;
        _state = ZoneState.Empty(zoneId);

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is ZoneSnapshot s)
                _state = ZoneState.FromSnapshot(_zoneId, s);
        });
        // Journals that keep the Tagged wrapper (the in-memory one) hand it back on recovery.
        Recover<Tagged>(t => _state = _state.Apply(t.Payload));
        Recover<ZoneConfigured>(e => _state = _state.Apply(e));
        Recover<ZoneDecommissioned>(e => _state = _state.Apply(e));
        Recover<IAlarmEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            foreach (var alarmId in _state.Open.Keys)
                ArmEscalation(alarmId);
            if (_state.Open.Count > 0)
                _log.Info("Zone {ZoneId} recovered with {OpenAlarms} open alarms; escalation timers re-armed", _zoneId, _state.Open.Count);
        });

        Command<ConfigureZone>(OnConfigure);
        Command<ReportHazard>(OnHazard);
        Command<DecommissionZone>(OnDecommission);
        Command<AcknowledgeAlarm>(OnAlarmCommand);
        Command<DispatchPatrol>(OnAlarmCommand);
        Command<ResolveAlarm>(OnAlarmCommand);
        Command<EscalationDue>(OnEscalationDue);
        Command<GetZone>(_ => Sender.Tell(new ZoneInfo(_zoneId, _state.Config, _state.Open.Values.OrderBy(a => a.RaisedWallAt).ToList())));
        Command<FlushZone>(_ => Sender.Tell(new ZoneFlushed(_zoneId)));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Zone {ZoneId} snapshot failed; recovery will replay more events", _zoneId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    private void OnConfigure(ConfigureZone cmd)
    {
        var sender = Sender;
        if (_state.Config == cmd.Config)
        {
            sender.Tell(new Accepted(_zoneId, _state.ChangedAt));
            return;
        }
        Persist(new Tagged(new ZoneConfigured(_zoneId, cmd.Config, _state.NextChangeAt(DateTimeOffset.UtcNow)), [ZoneTag]), tagged =>
        {
            _state = _state.Apply(tagged.Payload);
            _eventsSinceSnapshot++;
            foreach (var alarmId in _state.Open.Keys)
                ArmEscalation(alarmId);
            sender.Tell(new Accepted(_zoneId, _state.ChangedAt));
            MaybeSnapshot();
        });
    }

    private void OnDecommission(DecommissionZone cmd)
    {
        var sender = Sender;
        if (_state.Config is null)
        {
            sender.Tell(new Rejected(_zoneId, Rejected.NotFound, $"zone '{_zoneId}' is not registered"));
            return;
        }
        if (_state.Open.Count > 0)
        {
            sender.Tell(new Rejected(_zoneId, Rejected.Conflict, $"zone '{_zoneId}' has {_state.Open.Count} open alarms; resolve them first"));
            return;
        }
        Persist(new Tagged(new ZoneDecommissioned(_zoneId, cmd.By, _state.NextChangeAt(DateTimeOffset.UtcNow)), [ZoneTag]), tagged =>
        {
            _state = _state.Apply(tagged.Payload);
            sender.Tell(new Accepted(_zoneId, _state.ChangedAt));
        });
    }

    private void OnHazard(ReportHazard cmd)
    {
        var sender = Sender;
        if (cmd.Hazard.ZoneId != _zoneId)
        {
            sender.Tell(new Rejected(cmd.Hazard.Id, Rejected.Invalid, $"hazard of zone {cmd.Hazard.ZoneId} sent to zone {_zoneId}"));
            return;
        }
        var events = _state.Decide(cmd.Hazard, DateTimeOffset.UtcNow);
        if (events.Count == 0)
        {
            // A resend of a hazard we already hold (the sensor never saw our answer): answer again, change nothing.
            sender.Tell(new HazardAccepted(_zoneId, cmd.Hazard.Id, _state.AlarmOf(cmd.Hazard.Id) ?? ""));
            return;
        }
        PersistAlarmEvents(events, _ => sender.Tell(new HazardAccepted(_zoneId, cmd.Hazard.Id, events[0].AlarmId)));
    }

    private void OnAlarmCommand(IWithZoneId cmd)
    {
        var sender = Sender;
        var (e, code, error) = _state.Decide(cmd, DateTimeOffset.UtcNow);
        if (e is null)
        {
            sender.Tell(new Rejected(cmd switch { AcknowledgeAlarm a => a.AlarmId, DispatchPatrol d => d.AlarmId, ResolveAlarm r => r.AlarmId, _ => _zoneId }, code!, error!));
            return;
        }
        PersistAlarmEvents([e], alarm => sender.Tell(new AlarmCommandAccepted(alarm)));
    }

    private void OnEscalationDue(EscalationDue due)
    {
        var events = _state.DecideEscalation(due.AlarmId, due.Level, DateTimeOffset.UtcNow);
        if (events.Count > 0)
            PersistAlarmEvents(events, _ => { });
    }

    private void PersistAlarmEvents(IReadOnlyList<IAlarmEvent> events, Action<Alarm> afterWrite)
    {
        // Decide and apply now, write asynchronously: the next hazard is decided against a state that already holds
        // this one (so de-duplication holds), while the journal batches the writes of many commands into one round
        // trip. If a write fails the actor stops and recovers from the journal, so what was never written is gone too.
        Alarm? alarm = null;
        foreach (var e in events)
        {
            alarm = AlarmProjection.Apply(_state.Open.GetValueOrDefault(e.AlarmId), e);
            _state = _state.Apply(e);
        }
        var first = events[0];
        var hazard = first switch { AlarmRaised r => r.Hazard, HazardJoined j => j.Hazard, _ => null };
        // One change per decision, carrying the alarm as it stands after all of it: "raised" already lists its actuator commands.
        var change = new AlarmChanged(AlarmProjection.ChangeOf(first), alarm!, hazard);
        var remaining = events.Count;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        _writesInFlight += events.Count;
        PersistAllAsync(events.Select(e => new Tagged(e, [AlarmTag])), tagged =>
        {
            _writesInFlight--;
            _eventsSinceSnapshot++;
            var e = (IAlarmEvent)tagged.Payload;
            if (e is ActuatorCommanded c)
                _actuators.Tell(c.Command);
            if (e is AlarmRaised or AlarmEscalated)
                ArmEscalation(e.AlarmId);
            if (e is AlarmAcknowledged or AlarmDispatched or AlarmResolved)
                Timers.Cancel(e.AlarmId);
            if (e is AlarmEscalated x)
                _log.Warning("Alarm {AlarmId} escalated to level {Level}: notify {Notify}", x.AlarmId, x.Level, x.Notify);
            if (--remaining > 0)
                return;
            _notifications.Tell(change);
            afterWrite(change.Alarm);
            RecordMetrics(change, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            MaybeSnapshot();
        });
    }

    private static void RecordMetrics(AlarmChanged change, double seconds)
    {
        var type = change.Alarm.Hazards.Count > 0 ? change.Alarm.Hazards[0].Type : "none";
        VigilMetrics.JournalWrite.Observe(seconds);
        VigilMetrics.Alarms.WithLabels(change.Change, type).Inc();
        if (change.Hazard is { } h)
            VigilMetrics.Hazards.WithLabels(h.Type).Inc();
        // The hazard was decided on arrival, so the raise's write-and-command time is its whole latency inside the zone.
        if (change.Change == "raised")
            VigilMetrics.AlarmLatency.WithLabels(type).Observe(seconds);
    }

    private void ArmEscalation(string alarmId)
    {
        if (_state.NextEscalation(alarmId) is not { } next || _state.EscalationDueAt(alarmId) is not { } dueAt)
        {
            Timers.Cancel(alarmId);
            return;
        }
        var delay = dueAt - DateTimeOffset.UtcNow;
        // After a restart an overdue rung fires at once; each rung still fires exactly once because the level is checked on arrival.
        Timers.StartSingleTimer(alarmId, new EscalationDue(alarmId, next.Level), delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
    }

    private void MaybeSnapshot()
    {
        // Only a state whose every event is written may be snapshotted (applied-but-unwritten events must not survive a failure).
        if (_eventsSinceSnapshot < SnapshotEvery || _writesInFlight > 0)
            return;
        _eventsSinceSnapshot = 0;
        SaveSnapshot(_state.ToSnapshot());
    }
}
