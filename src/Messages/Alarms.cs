using System.Collections.Immutable;

namespace Vigil.Messages;

/// <summary>An alarm as operators see it: lifecycle, escalation level, hazards, actuator commands and timeline.</summary>
public sealed record Alarm(
    string Id,
    string ZoneId,
    string State,
    int Level,
    DateTimeOffset RaisedAt,
    DateTimeOffset RaisedWallAt,
    DateTimeOffset UpdatedAt,
    ImmutableList<Hazard> Hazards,
    ImmutableList<ActuatorCommand> Actuators,
    ImmutableList<TimelineEntry> Timeline,
    int Version,
    string? Patrol = null) : IVigilMessage
{
    public bool IsOpen => State != AlarmStates.Resolved;
    public string Severity => Hazards.Any(h => h.Severity == Severities.Critical) ? Severities.Critical : Severities.Warning;
}

/// <summary>One line of an alarm's history: who did what when.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Action, string? By, string? Detail);

/// <summary>An event of one alarm's lifecycle, persisted by its zone (tagged "alarm"). Version counts the alarm's events from 1.</summary>
public interface IAlarmEvent : IWithZoneId, IVigilMessage
{
    string AlarmId { get; }
    int Version { get; }
    DateTimeOffset At { get; }
}

/// <summary>A hazard raised a new alarm. At is the hazard's event time, WallAt when the zone raised it (escalation runs from it).</summary>
public sealed record AlarmRaised(string ZoneId, string AlarmId, int Version, DateTimeOffset At, DateTimeOffset WallAt, Hazard Hazard) : IAlarmEvent;

/// <summary>A repeat of an open alarm's hazard joined it instead of raising another.</summary>
public sealed record HazardJoined(string ZoneId, string AlarmId, int Version, DateTimeOffset At, Hazard Hazard) : IAlarmEvent;

/// <summary>The zone commanded an actuator for this alarm.</summary>
public sealed record ActuatorCommanded(string ZoneId, string AlarmId, int Version, DateTimeOffset At, ActuatorCommand Command) : IAlarmEvent;

/// <summary>Nobody acknowledged in time: the alarm moved one rung up the ladder.</summary>
public sealed record AlarmEscalated(string ZoneId, string AlarmId, int Version, DateTimeOffset At, int Level, string Notify) : IAlarmEvent;

/// <summary>An operator acknowledged the alarm.</summary>
public sealed record AlarmAcknowledged(string ZoneId, string AlarmId, int Version, DateTimeOffset At, string By, string? Note) : IAlarmEvent;

/// <summary>An operator sent a patrol.</summary>
public sealed record AlarmDispatched(string ZoneId, string AlarmId, int Version, DateTimeOffset At, string By, string Patrol, string? Note) : IAlarmEvent;

/// <summary>An operator resolved the alarm.</summary>
public sealed record AlarmResolved(string ZoneId, string AlarmId, int Version, DateTimeOffset At, string By, string? Note) : IAlarmEvent;

/// <summary>Published cluster-wide on topic <c>alarms</c> after each alarm event is persisted; Change names the event, Hazard is set when one was added.</summary>
public sealed record AlarmChanged(string Change, Alarm Alarm, Hazard? Hazard) : IVigilMessage;

/// <summary>Pub-sub topic names.</summary>
public static class Topics
{
    public const string Alarms = "alarms";
    public const string SensorStatus = "sensor-status";
    public const string Actuators = "actuators";
}
