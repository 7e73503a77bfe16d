using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Vigil.Messages;

namespace Vigil.Actors.Sensors;

/// <summary>
/// One sensor (camera, radar, thermal imager or forklift unit) as a sharded, persistent entity. It persists its
/// registration, never its readings; readings flow through its fusion engine, and confirmed hazards go to its zone at
/// least once: kept and resent until the zone acknowledges them, and saved when the sensor is handed off to another
/// node (<see cref="StopSensor"/>), so a rolling restart or a rebalance loses none.
/// </summary>
public sealed class SensorActor : UntypedPersistentActor
{
    public const string SensorTag = "sensor";

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed class Resend
    {
        public static readonly Resend Instance = new();
    }

    private sealed class StatusTick
    {
        public static readonly StatusTick Instance = new();
    }

    private sealed record Registration(string Kind, string ZoneId, SensorConfig Config, ZoneContext Zone);

    private readonly string _sensorId;
    private readonly IActorRef _zones;
    private readonly IActorRef _notifications;
    private readonly SensorActorSettings _settings;
    private HazardOutbox _outbox;

    private Registration? _registration;
    private DateTimeOffset? _changedAt;
    private bool _decommissioned;
    private bool _active;
    private ISensorEngine? _engine;
    private HealthMonitor? _health;
    private long _readings, _rejected, _hazards;
    private long _readingsAtLastStatus = -1;
    private LiveClock _clock;
    private SensorSchedule _schedule;
    private IActorRef? _feed;
    private int _feeds;

    public override string PersistenceId => $"sensor-{_sensorId}";

    /// <param name="zones">the zone shard region (or a probe)</param>
    /// <param name="notifications">receives <see cref="SensorStatusChanged"/> to publish cluster-wide</param>
    public static Props Props(string sensorId, IActorRef zones, IActorRef notifications, SensorActorSettings settings) =>
        Akka.Actor.Props.Create(() => new SensorActor(sensorId, zones, notifications, settings)).WithMailbox(CompactMailbox.ConfigPath);

    public SensorActor(string sensorId, IActorRef zones, IActorRef notifications, SensorActorSettings settings)
    {
        _sensorId = sensorId;
        _zones = zones;
        _notifications = notifications;
        _settings = settings;
        _schedule.Seed();
    }

    // Plain switches, not ReceivePersistentActor's handler tables: those cost every instance about 2 KB of delegates
    // and matchers, and a node holds 100,000 sensors (docs/scale-out.md, memory per sensor).
    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: SensorSnapshot s }:
                _registration = new Registration(s.Kind, s.ZoneId, s.Config, s.Zone);
                _decommissioned = s.Decommissioned;
                break;
            // Journals that keep the Tagged wrapper (the in-memory one) hand it back on recovery.
            case Tagged t:
                Apply(t.Payload);
                break;
            case SensorHazardsPending e:
                _outbox.Restore(e.Hazards);
                break;
            case RecoveryCompleted:
                if (_outbox.Count > 0)
                {
                    Log.Info("Sensor {SensorId} resends {Count} hazards its zone had not acknowledged before the hand-off", _sensorId, _outbox.Count);
                    ResendUnacknowledged();
                    _schedule.StartResend(Context.System.Scheduler, Self, _settings.Resend, Resend.Instance);
                }
                if (_registration is not null && !_decommissioned)
                    BecomeActive();
                else
                    _active = false;
                break;
            default:
                Apply(message);
                break;
        }
    }

    protected override void OnCommand(object message)
    {
        if (_active)
            Active(message);
        else
            Unregistered(message);
    }

    private void Apply(object e)
    {
        switch (e)
        {
            case SensorRegistered r:
                _registration = new Registration(r.Kind, r.ZoneId, r.Config, r.Zone);
                _decommissioned = false;
                _changedAt = r.At;
                break;
            case SensorReconfigured r:
                _registration = new Registration(r.Kind, r.ZoneId, r.Config, r.Zone);
                _changedAt = r.At;
                break;
            case SensorDecommissioned d:
                _decommissioned = true;
                _changedAt = d.At;
                break;
        }
    }

    /// <summary>
    /// The At of a new registration event: now, but always after the previous one. The views order a sensor's changes
    /// by it (a late event never overwrites a newer one), so it must grow with every event even when the clock steps
    /// back or the sensor moves to a node whose clock is behind.
    /// </summary>
    private DateTimeOffset NextChangeAt()
    {
        var now = DateTimeOffset.UtcNow;
        return _changedAt is { } last && now <= last ? last.AddTicks(1) : now;
    }

    // ---------------- not in service ----------------

    private void Unregistered(object message)
    {
        switch (message)
        {
            case RegisterSensor cmd:
                if (Problem(cmd) is { } problem)
                {
                    Sender.Tell(new Rejected(_sensorId, Rejected.Invalid, problem));
                    return;
                }
                var sender = Sender;
                PersistTagged(new SensorRegistered(_sensorId, cmd.Kind, cmd.ZoneId, cmd.Config, cmd.Zone, NextChangeAt()), () =>
                {
                    Log.Info("Sensor {SensorId} ({Kind}) registered in zone {ZoneId}", _sensorId, cmd.Kind, cmd.ZoneId);
                    BecomeActive();
                    sender.Tell(new Accepted(_sensorId, _changedAt));
                });
                break;
            case SensorReading:
                _rejected++;
                ReplyIfAsked(new Rejected(_sensorId, Rejected.NotFound, NotInService()));
                PassivateIfNeverRegistered();
                break;
            case DecommissionSensor or UpdateZoneContext:
                Sender.Tell(new Rejected(_sensorId, Rejected.NotFound, NotInService()));
                break;
            case GetSensor:
                Sender.Tell(Info());
                break;
            case AdvanceClock:
                break;
            default:
                Common(message);
                break;
        }
    }

    private string NotInService() => _decommissioned
        ? $"sensor '{_sensorId}' is decommissioned"
        : $"sensor '{_sensorId}' is not registered";

    private void PassivateIfNeverRegistered()
    {
        // A stray message created this entity; don't let remember-entities keep an empty sensor alive forever.
        if (_registration is null && _outbox.Count == 0)
            Context.Parent.Tell(new Passivate(PoisonPill.Instance));
    }

    // ---------------- in service ----------------

    private void BecomeActive()
    {
        var reg = _registration!;
        _engine = null; // made by the first reading: an idle sensor holds no engine (Engine())
        _health ??= new HealthMonitor(_sensorId, reg.Kind, reg.ZoneId, reg.Config);
        if (_settings.Clock == SensorClockMode.Wall)
            ArmWatchdog();
        _active = true;
        StartFeed(reg);
        PublishStatus();
    }

    private void StartFeed(Registration reg)
    {
        if (_feed is not null)
            Context.Stop(_feed);
        _feed = null;
        if (_settings.Feeds?.FeedProps(_sensorId, reg.ZoneId, reg.Config) is { } props)
            _feed = Context.ActorOf(props, $"feed-{++_feeds}");
    }

    private void Active(object message)
    {
        switch (message)
        {
            case SensorReading r:
                OnReading(r);
                break;
            case AdvanceClock a:
                OnClock(a.Now);
                break;
            case Tick when _schedule.Ticking:
                OnClock(LiveNow());
                if (DateTimeOffset.UtcNow - _clock.LastArrival > _settings.QuietAfter)
                {
                    // Readings stopped: the engines' windows have closed by now; only the silence watchdog is left.
                    _schedule.StopStatus();
                    if (_readings != _readingsAtLastStatus)
                        PublishStatus();
                    ArmWatchdog();
                }
                break;
            case WatchdogDue due:
                if (_schedule.OnDue(due, Context.System.Scheduler, Self, DateTimeOffset.UtcNow))
                {
                    OnClock(LiveNow());
                    ArmWatchdog();
                }
                break;
            case StatusTick:
                if (_readings != _readingsAtLastStatus)
                    PublishStatus();
                break;
            case RegisterSensor cmd:
                OnReregister(cmd);
                break;
            case UpdateZoneContext cmd:
                OnZoneContext(cmd);
                break;
            case DecommissionSensor cmd:
                OnDecommission(cmd);
                break;
            case GetSensor:
                if (_settings.Clock == SensorClockMode.Wall)
                    OnClock(LiveNow()); // health and uptime as of now, not as of the last reading or watchdog check
                Sender.Tell(Info());
                break;
            default:
                Common(message);
                break;
        }
    }

    private void OnDecommission(DecommissionSensor cmd)
    {
        var sender = Sender;
        PersistTagged(new SensorDecommissioned(_sensorId, cmd.By, NextChangeAt()), () =>
        {
            Log.Info("Sensor {SensorId} decommissioned by {By}", _sensorId, cmd.By ?? "unknown");
            _schedule.StopClock();
            _engine = null;
            if (_feed is not null)
                Context.Stop(_feed);
            _feed = null;
            PublishStatus();
            sender.Tell(new Accepted(_sensorId, _changedAt));
            _active = false;
        });
    }

    private void OnReading(SensorReading r)
    {
        var reg = _registration!;
        if (r.Payload.SensorKind != reg.Kind)
        {
            _rejected++;
            ReplyIfAsked(new Rejected(_sensorId, Rejected.Invalid,
                $"sensor '{_sensorId}' is a {reg.Kind}; a '{r.Payload.Field}' reading is for a {r.Payload.SensorKind}"));
            return;
        }
        _readings++;
        if (_settings.Clock == SensorClockMode.Wall)
            AdvanceLiveClock(r.T);
        var healthBefore = Health();
        var cameBack = _health!.Observe(r.T);
        IReadOnlyList<Hazard> hazards;
        try
        {
            hazards = Engine().Observe(r.T, r.Payload);
        }
        catch (Exception ex)
        {
            // A reading that trips an engine is this reading's problem, not the sensor's: count it, keep the state.
            _rejected++;
            Log.Error(ex, "Sensor {SensorId} could not fuse a reading at {T}", _sensorId, r.T);
            ReplyIfAsked(new Rejected(_sensorId, Rejected.Invalid, $"reading could not be processed: {ex.Message}"));
            return;
        }
        foreach (var h in hazards)
            Emit(h);
        if (cameBack)
            Log.Info("Sensor {SensorId} back online at {T}", _sensorId, r.T);
        if (Health() != healthBefore)
            PublishStatus();
        ReplyIfAsked(new Accepted(_sensorId));
    }

    private void OnClock(DateTimeOffset now)
    {
        if (_engine is { } engine)
            foreach (var h in engine.Advance(now))
                Emit(h);
        if (_health!.Check(now) is { } offline)
        {
            Log.Warning("Sensor {SensorId} offline: silent since {LastReading}", _sensorId, _health.LastReadingAt);
            Emit(offline);
            PublishStatus();
        }
    }

    private void AdvanceLiveClock(DateTimeOffset t)
    {
        _clock.Observe(t, DateTimeOffset.UtcNow);
        // Readings flow: advance the clock often, so open windows close on time, and publish status now and then.
        if (!_schedule.Ticking)
            _schedule.StartTicking(Context.System.Scheduler, Self, _settings.Tick, Tick.Instance, _settings.Status, StatusTick.Instance);
    }

    private DateTimeOffset LiveNow() => _clock.Now(DateTimeOffset.UtcNow);

    /// <summary>
    /// A quiet sensor needs no clock but its silence watchdog: one timer for the moment its silence would become a
    /// sensor_offline, none once it is reported offline (a reading starts the clock again). An idle sensor thus costs
    /// no message at all between readings, which is what lets a node hold 100,000 of them.
    /// </summary>
    private void ArmWatchdog()
    {
        var now = LiveNow();
        if (_health?.NextCheckAt(now) is not { } due)
        {
            _schedule.StopClock();
            return;
        }
        var delay = due - now + WatchdogSlack;
        _schedule.ArmWatchdog(Context.System.Scheduler, Self, DateTimeOffset.UtcNow, delay < WatchdogSlack ? WatchdogSlack : delay);
    }

    /// <summary>The fusion engine, made on first use: until a sensor reads, it has nothing to fuse.</summary>
    private ISensorEngine Engine()
    {
        var reg = _registration!;
        return _engine ??= SensorEngines.Create(_sensorId, reg.Kind, reg.ZoneId, reg.Config, reg.Zone);
    }

    /// <summary>Fire just after the due time: the silence must exceed the interval, not equal it.</summary>
    private static readonly TimeSpan WatchdogSlack = TimeSpan.FromMilliseconds(20);

    private void OnReregister(RegisterSensor cmd)
    {
        var reg = _registration!;
        if (cmd.Kind != reg.Kind)
        {
            Sender.Tell(new Rejected(_sensorId, Rejected.Conflict, $"sensor '{_sensorId}' is a {reg.Kind}; decommission it before registering it as a {cmd.Kind}"));
            return;
        }
        if (Problem(cmd) is { } problem)
        {
            Sender.Tell(new Rejected(_sensorId, Rejected.Invalid, problem));
            return;
        }
        if (reg == new Registration(cmd.Kind, cmd.ZoneId, cmd.Config, cmd.Zone))
        {
            Sender.Tell(new Accepted(_sensorId, _changedAt));
            return;
        }
        var sender = Sender;
        PersistTagged(new SensorReconfigured(_sensorId, cmd.Kind, cmd.ZoneId, cmd.Config, cmd.Zone, NextChangeAt()), () =>
        {
            Log.Info("Sensor {SensorId} reconfigured", _sensorId);
            _health = null;
            BecomeActive();
            sender.Tell(new Accepted(_sensorId, _changedAt));
        });
    }

    private void OnZoneContext(UpdateZoneContext cmd)
    {
        var reg = _registration!;
        if (cmd.ZoneId != reg.ZoneId)
        {
            Sender.Tell(new Rejected(_sensorId, Rejected.Conflict, $"sensor '{_sensorId}' is in zone '{reg.ZoneId}' now, not '{cmd.ZoneId}'"));
            return;
        }
        if (cmd.Zone == reg.Zone)
        {
            Sender.Tell(new Accepted(_sensorId, _changedAt));
            return;
        }
        var sender = Sender;
        PersistTagged(new SensorReconfigured(_sensorId, reg.Kind, reg.ZoneId, reg.Config, cmd.Zone, NextChangeAt()), () =>
        {
            // Health, counters and a camera's capture carry on; the engine is made again, with the new context, by the
            // next reading (its open windows were judged against the old limit).
            Log.Info("Sensor {SensorId} takes its zone's new context: {Kind}, speed limit {Limit}", _sensorId, cmd.Zone.Kind, cmd.Zone.SpeedLimitKmh);
            _engine = null;
            sender.Tell(new Accepted(_sensorId, _changedAt));
        });
    }

    private void Emit(Hazard hazard)
    {
        if (_feed is not null && hazard.Type != HazardTypes.SensorOffline)
        {
            // A hazard seen on captured video carries its annotated frame; the capture child draws and stores it.
            hazard = hazard with { Evidence = EvidencePaths.For(_sensorId, hazard.Id) };
            _feed.Tell(new CaptureEvidence(hazard.Id, hazard.Type, hazard.Subject, hazard.T, hazard.Evidence));
        }
        _hazards++;
        _outbox.Add(hazard);
        _zones.Tell(new ReportHazard(hazard.ZoneId, hazard));
        _schedule.StartResend(Context.System.Scheduler, Self, _settings.Resend, Resend.Instance);
    }

    private void OnHazardAccepted(HazardAccepted a)
    {
        if (_outbox.Acknowledge(a.HazardId))
        {
            // Everything saved at the last hand-off has reached the zone: clear it, so a later recovery does not resend it.
            PersistAsync(new SensorHazardsPending(_sensorId, [], DateTimeOffset.UtcNow), _ => { });
        }
    }

    /// <summary>Sharding stops this sensor for a hand-off: save what the zone has not acknowledged yet, then stop.</summary>
    private void OnStop()
    {
        if (_outbox.IsEmpty)
        {
            Context.Stop(Self);
            return;
        }
        Persist(new SensorHazardsPending(_sensorId, _outbox.ToSave(), DateTimeOffset.UtcNow), e =>
        {
            Log.Info("Sensor {SensorId} handed off with {Count} hazards its zone had not acknowledged; they go with it", _sensorId, e.Hazards.Count);
            Context.Stop(Self);
        });
    }

    protected override void PostStop()
    {
        _schedule.CancelAll();
        base.PostStop();
    }

    private void ResendUnacknowledged()
    {
        if (_outbox.Count == 0)
        {
            _schedule.StopResend();
            return;
        }
        foreach (var h in _outbox.Pending)
            _zones.Tell(new ReportHazard(h.ZoneId, h));
    }

    // ---------------- shared ----------------

    private void Common(object message)
    {
        switch (message)
        {
            case StopSensor:
                OnStop();
                break;
            case HazardAccepted a:
                OnHazardAccepted(a);
                break;
            case Resend:
                ResendUnacknowledged();
                break;
            case Tick or StatusTick or WatchdogDue:
                break; // a timer's message that was on its way when the timer stopped
            case FlushSensor:
                Sender.Tell(new SensorFlushed(_sensorId, _hazards));
                break;
            case SaveSnapshotSuccess:
                break;
            case SaveSnapshotFailure f:
                Log.Warning(f.Cause, "Sensor {SensorId} snapshot failed", _sensorId);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private string? Problem(RegisterSensor cmd) => SensorEngines.Problem(_sensorId, cmd.Kind, cmd.ZoneId, cmd.Config, cmd.Zone);

    private void PersistTagged(object e, Action then) =>
        Persist(new Tagged(e, [SensorTag]), tagged =>
        {
            Apply(tagged.Payload);
            then();
        });

    private void ReplyIfAsked(object reply)
    {
        if (!Sender.IsNobody() && !Sender.Equals(Context.System.DeadLetters))
            Sender.Tell(reply);
    }

    private string Health() =>
        _decommissioned ? SensorHealth.Decommissioned
        : _registration is null || _health is null ? SensorHealth.Unknown
        : _health.IsOnline ? SensorHealth.Online
        : _health.LastReadingAt is null ? SensorHealth.Unknown
        : SensorHealth.Offline;

    private SensorInfo Info() => new(
        _sensorId, _registration?.Kind ?? "", _registration?.ZoneId ?? "", _registration?.Config ?? SensorConfig.Empty,
        _registration is not null, _decommissioned, Health(), _health?.LastReadingAt, _readings, _rejected, _hazards, _health?.UptimePct);

    private void PublishStatus()
    {
        _readingsAtLastStatus = _readings;
        if (_registration is { } reg)
            _notifications.Tell(new SensorStatusChanged(_sensorId, reg.Kind, reg.ZoneId, Health(), _health?.LastReadingAt, _readings, DateTimeOffset.UtcNow, _health?.UptimePct, _changedAt));
    }
}
