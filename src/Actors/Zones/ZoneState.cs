using System.Collections.Immutable;
using Vigil.Messages;

namespace Vigil.Actors.Zones;

/// <summary>
/// A zone supervisor's state and rules, free of Akka: Decide turns a command into events, Apply folds an event in.
/// Only open alarms live here; resolved ones are history, served by the read-side view from the journal.
/// ChangedAt is the At of the newest ZoneConfigured or ZoneDecommissioned (null before the first).
/// </summary>
public sealed record ZoneState(
    string ZoneId,
    ZoneConfig? Config,
    long NextAlarmSeq,
    ImmutableDictionary<string, Alarm> Open,
    ImmutableDictionary<string, string> RecentHazards,
    ImmutableQueue<string> RecentOrder,
    DateTimeOffset? ChangedAt = null)
{
    /// <summary>How many accepted hazard ids are remembered to recognise a resent hazard after its alarm closed.</summary>
    public const int RecentHazardCapacity = 4096;

    public static ZoneState Empty(string zoneId) =>
        new(zoneId, null, 1, ImmutableDictionary<string, Alarm>.Empty, ImmutableDictionary<string, string>.Empty, ImmutableQueue<string>.Empty);

    /// <summary>The settings in force: configured ones, or the production defaults for a zone nobody configured yet (a hazard is never dropped for that).</summary>
    public ZoneConfig Effective => Config ?? ZoneConfig.DefaultFor(ZoneKinds.Production, ZoneId);

    // ---------------- decide ----------------

    /// <summary>
    /// The At of the zone's next ZoneConfigured or ZoneDecommissioned: now, but always after the previous one. The views
    /// order a zone's changes by it (a late event never overwrites a newer one), so it must grow with every event even
    /// when the clock steps back or the zone moves to a node whose clock is behind.
    /// </summary>
    public DateTimeOffset NextChangeAt(DateTimeOffset now) => ChangedAt is { } last && now <= last ? last.AddTicks(1) : now;

    /// <summary>A hazard either joins an open alarm (same type, sensor and subject within the cooldown) or raises a new one with its actuator commands.</summary>
    public IReadOnlyList<IAlarmEvent> Decide(Hazard hazard, DateTimeOffset wallNow)
    {
        if (RecentHazards.ContainsKey(hazard.Id))
            return [];

        var config = Effective;
        var cooldown = TimeSpan.FromSeconds(config.CooldownS);
        var joinable = Open.Values
            .Where(a => a.State != AlarmStates.Resolved && a.Hazards.Any(h => h.DedupKey == hazard.DedupKey && (hazard.T - h.T).Duration() <= cooldown))
            .OrderBy(a => a.RaisedAt)
            .FirstOrDefault();

        if (joinable is not null)
        {
            var events = new List<IAlarmEvent> { new HazardJoined(ZoneId, joinable.Id, joinable.Version + 1, wallNow, hazard) };
            var suppressedAlready = joinable.Actuators.Any(c => c.Kind == ActuatorKinds.Suppression);
            if (!suppressedAlready && NeedsSuppression(hazard))
                events.AddRange(Commands(config, joinable.Id, hazard, wallNow, joinable.Version + 2, suppressionOnly: true));
            return events;
        }

        var alarmId = Ids.AlarmId(ZoneId, NextAlarmSeq);
        var raised = new List<IAlarmEvent> { new AlarmRaised(ZoneId, alarmId, 1, hazard.T, wallNow, hazard) };
        raised.AddRange(Commands(config, alarmId, hazard, wallNow, 2, suppressionOnly: false));
        return raised;
    }

    private static bool NeedsSuppression(Hazard h) => h.Type == HazardTypes.HotSpot && h.Severity == Severities.Critical;

    private IEnumerable<IAlarmEvent> Commands(ZoneConfig config, string alarmId, Hazard hazard, DateTimeOffset at, int firstVersion, bool suppressionOnly)
    {
        var version = firstVersion;
        foreach (var actuator in config.Actuators)
        {
            var command = actuator.Kind switch
            {
                ActuatorKinds.Siren or ActuatorKinds.Strobe when !suppressionOnly => ("on", (double?)config.SirenS),
                ActuatorKinds.LedBoard when !suppressionOnly => ("show", (double?)config.SirenS),
                ActuatorKinds.Suppression when NeedsSuppression(hazard) => ("open", (double?)null),
                _ => ((string, double?)?)null,
            };
            if (command is not { } c)
                continue;
            yield return new ActuatorCommanded(ZoneId, alarmId, version++, at,
                new ActuatorCommand(actuator.Id, actuator.Kind, c.Item1, c.Item2, ZoneId, alarmId, at, hazard.Type));
        }
    }

    /// <summary>The escalation step due for an alarm, if it is still unacknowledged and the ladder has one more rung.</summary>
    public (int Level, EscalationStep Step)? NextEscalation(string alarmId)
    {
        if (!Open.TryGetValue(alarmId, out var alarm) || alarm.State != AlarmStates.Raised)
            return null;
        var ladder = Effective.Escalation;
        return alarm.Level < ladder.Count ? (alarm.Level + 1, ladder[alarm.Level]) : null;
    }

    /// <summary>When the next rung of an alarm's ladder is due, on the wall clock (escalation is about people, not event time).</summary>
    public DateTimeOffset? EscalationDueAt(string alarmId) =>
        NextEscalation(alarmId) is { } next && Open.TryGetValue(alarmId, out var alarm)
            ? alarm.RaisedWallAt + TimeSpan.FromSeconds(next.Step.AfterS)
            : null;

    public IReadOnlyList<IAlarmEvent> DecideEscalation(string alarmId, int level, DateTimeOffset wallNow) =>
        NextEscalation(alarmId) is { } next && next.Level == level
            ? [new AlarmEscalated(ZoneId, alarmId, Open[alarmId].Version + 1, wallNow, next.Level, next.Step.Notify)]
            : [];

    /// <summary>Operator commands: an event, or the reason it was refused (code per <see cref="Rejected"/>).</summary>
    public (IAlarmEvent? Event, string? Code, string? Error) Decide(object command, DateTimeOffset wallNow)
    {
        var (alarmId, by) = command switch
        {
            AcknowledgeAlarm a => (a.AlarmId, a.By),
            DispatchPatrol d => (d.AlarmId, d.By),
            ResolveAlarm r => (r.AlarmId, r.By),
            _ => throw new ArgumentException($"Not an alarm command: {command.GetType().Name}"),
        };
        if (!Open.TryGetValue(alarmId, out var alarm))
            return (null, Rejected.NotFound, $"alarm {alarmId} is not open in zone {ZoneId}");
        if (string.IsNullOrWhiteSpace(by))
            return (null, Rejected.Invalid, "'by' (who is acting) is required");
        var v = alarm.Version + 1;
        return command switch
        {
            AcknowledgeAlarm a when alarm.State == AlarmStates.Raised => (new AlarmAcknowledged(ZoneId, alarmId, v, wallNow, a.By, a.Note), null, null),
            AcknowledgeAlarm => (null, Rejected.Conflict, $"alarm {alarmId} is already {alarm.State}"),
            DispatchPatrol d when string.IsNullOrWhiteSpace(d.Patrol) => (null, Rejected.Invalid, "'patrol' is required to dispatch"),
            DispatchPatrol d when alarm.State is AlarmStates.Raised or AlarmStates.Acknowledged => (new AlarmDispatched(ZoneId, alarmId, v, wallNow, d.By, d.Patrol, d.Note), null, null),
            DispatchPatrol => (null, Rejected.Conflict, $"alarm {alarmId} is already {alarm.State}"),
            ResolveAlarm r => (new AlarmResolved(ZoneId, alarmId, v, wallNow, r.By, r.Note), null, null),
            _ => (null, Rejected.Invalid, "unknown command"),
        };
    }

    // ---------------- apply ----------------

    public ZoneState Apply(object e) => e switch
    {
        ZoneConfigured c => this with { Config = c.Config, ChangedAt = c.At },
        ZoneDecommissioned d => this with { Config = null, ChangedAt = d.At },
        AlarmRaised r => Remember(r.Hazard, r.AlarmId) with
        {
            NextAlarmSeq = NextAlarmSeq + 1,
            Open = Open.SetItem(r.AlarmId, AlarmProjection.Apply(null, r)),
        },
        HazardJoined j => Remember(j.Hazard, j.AlarmId) with { Open = Open.SetItem(j.AlarmId, AlarmProjection.Apply(Open[j.AlarmId], j)) },
        AlarmResolved s => this with { Open = Open.Remove(s.AlarmId) },
        IAlarmEvent a when Open.TryGetValue(a.AlarmId, out var alarm) => this with { Open = Open.SetItem(a.AlarmId, AlarmProjection.Apply(alarm, a)) },
        IAlarmEvent => this,
        _ => throw new ArgumentException($"Not a zone event: {e.GetType().Name}"),
    };

    private ZoneState Remember(Hazard hazard, string alarmId)
    {
        var recent = RecentHazards.SetItem(hazard.Id, alarmId);
        var order = RecentOrder.Enqueue(hazard.Id);
        while (recent.Count > RecentHazardCapacity)
        {
            order = order.Dequeue(out var oldest);
            recent = recent.Remove(oldest);
        }
        return this with { RecentHazards = recent, RecentOrder = order };
    }

    /// <summary>The alarm an already-accepted hazard went to.</summary>
    public string? AlarmOf(string hazardId) => RecentHazards.GetValueOrDefault(hazardId);

    public ZoneSnapshot ToSnapshot() =>
        new(Config, NextAlarmSeq, Open.Values.OrderBy(a => a.Id).ToList(), RecentOrder.Select(id => $"{id}\t{RecentHazards[id]}").ToList(), ChangedAt);

    public static ZoneState FromSnapshot(string zoneId, ZoneSnapshot s)
    {
        var recent = s.RecentHazardIds.Select(line => line.Split('\t')).Where(p => p.Length == 2).ToList();
        return new ZoneState(
            zoneId, s.Config, s.NextAlarmSeq,
            s.OpenAlarms.ToImmutableDictionary(a => a.Id),
            recent.ToImmutableDictionary(p => p[0], p => p[1]),
            ImmutableQueue.CreateRange(recent.Select(p => p[0])),
            s.ChangedAt);
    }
}
