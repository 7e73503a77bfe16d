using System.Collections.Immutable;
using Vigil.Messages;

namespace Vigil.Actors.Zones;

/// <summary>Folds one alarm's events into the <see cref="Alarm"/> operators see; shared by the zone entity and the read-side views.</summary>
public static class AlarmProjection
{
    /// <summary>Apply one event; the alarm is null only for <see cref="AlarmRaised"/>.</summary>
    public static Alarm Apply(Alarm? alarm, IAlarmEvent e) => (alarm, e) switch
    {
        (null, AlarmRaised r) => new Alarm(
            r.AlarmId, r.ZoneId, AlarmStates.Raised, 0, r.At, r.WallAt, r.WallAt,
            [r.Hazard], [], [new TimelineEntry(r.WallAt, "raised", null, Describe(r.Hazard))], r.Version),
        (null, _) => throw new InvalidOperationException($"{e.GetType().Name} for unknown alarm {e.AlarmId}"),
        (_, HazardJoined j) => alarm with
        {
            Hazards = alarm.Hazards.Add(j.Hazard),
            Timeline = alarm.Timeline.Add(new TimelineEntry(j.At, "hazard_joined", null, Describe(j.Hazard))),
            UpdatedAt = j.At, Version = j.Version,
        },
        (_, ActuatorCommanded c) => alarm with
        {
            Actuators = alarm.Actuators.Add(c.Command),
            Timeline = alarm.Timeline.Add(new TimelineEntry(c.At, "actuator", null, $"{c.Command.Kind} {c.Command.ActuatorId} {c.Command.Action}")),
            UpdatedAt = c.At, Version = c.Version,
        },
        (_, AlarmEscalated x) => alarm with
        {
            Level = x.Level,
            Timeline = alarm.Timeline.Add(new TimelineEntry(x.At, "escalated", null, $"level {x.Level}: notify {x.Notify}")),
            UpdatedAt = x.At, Version = x.Version,
        },
        (_, AlarmAcknowledged a) => alarm with
        {
            State = AlarmStates.Acknowledged,
            Timeline = alarm.Timeline.Add(new TimelineEntry(a.At, "acknowledged", a.By, a.Note)),
            UpdatedAt = a.At, Version = a.Version,
        },
        (_, AlarmDispatched d) => alarm with
        {
            State = AlarmStates.Dispatched, Patrol = d.Patrol,
            Timeline = alarm.Timeline.Add(new TimelineEntry(d.At, "dispatched", d.By, d.Note is null ? $"patrol {d.Patrol}" : $"patrol {d.Patrol}: {d.Note}")),
            UpdatedAt = d.At, Version = d.Version,
        },
        (_, AlarmResolved s) => alarm with
        {
            State = AlarmStates.Resolved,
            Timeline = alarm.Timeline.Add(new TimelineEntry(s.At, "resolved", s.By, s.Note)),
            UpdatedAt = s.At, Version = s.Version,
        },
        _ => throw new InvalidOperationException($"Unhandled alarm event {e.GetType().Name}"),
    };

    /// <summary>The change name published with an event (the event's kind in snake_case).</summary>
    public static string ChangeOf(IAlarmEvent e) => e switch
    {
        AlarmRaised => "raised",
        HazardJoined => "hazard_joined",
        ActuatorCommanded => "actuator",
        AlarmEscalated => "escalated",
        AlarmAcknowledged => "acknowledged",
        AlarmDispatched => "dispatched",
        AlarmResolved => "resolved",
        _ => "changed",
    };

    private static string Describe(Hazard h) =>
        h.Type + (h.Subject is null ? "" : $" {h.Subject}") + $" from {h.SensorId}"
        + (h.Kmh is { } k ? $" at {k:0.#} km/h" : "") + (h.MaxC is { } c ? $" max {c:0.#} °C" : "");
}
