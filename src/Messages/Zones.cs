namespace Vigil.Messages;

/// <summary>A zone's settings: its actuators, de-duplication cooldown and escalation ladder.</summary>
public sealed record ZoneConfig
{
    public required string Kind { get; init; }
    public string? Name { get; init; }
    public double? SpeedLimitKmh { get; init; }

    /// <summary>A hazard with the same type, sensor and subject within this many seconds joins the open alarm.</summary>
    public double CooldownS { get; init; } = 120;

    /// <summary>How long sirens and strobes sound for one alarm.</summary>
    public double SirenS { get; init; } = 30;

    public IReadOnlyList<ActuatorSpec> Actuators { get; init; } = [];
    public IReadOnlyList<EscalationStep> Escalation { get; init; } = [];

    /// <summary>Defaults per zone kind: siren and strobe everywhere, a suppression valve on scrap pits, a three-step ladder.</summary>
    public static ZoneConfig DefaultFor(string kind, string zoneId) => new()
    {
        Kind = kind,
        Actuators = kind == ZoneKinds.ScrapPit
            ? [new($"{zoneId}-siren", ActuatorKinds.Siren), new($"{zoneId}-strobe", ActuatorKinds.Strobe), new($"{zoneId}-suppression", ActuatorKinds.Suppression)]
            : [new($"{zoneId}-siren", ActuatorKinds.Siren), new($"{zoneId}-strobe", ActuatorKinds.Strobe)],
        Escalation = DefaultLadder,
    };

    public static readonly IReadOnlyList<EscalationStep> DefaultLadder =
    [
        new(60, "shift-supervisor"),
        new(180, "safety-officer"),
        new(600, "plant-manager"),
    ];
}

/// <summary>A device the zone commands.</summary>
public sealed record ActuatorSpec(string Id, string Kind);

/// <summary>One rung of the ladder: when nobody has acknowledged after AfterS seconds, notify Notify.</summary>
public sealed record EscalationStep(double AfterS, string Notify);

/// <summary>A command issued to one actuator; recorded in the alarm and sent to the node's actuator gateway.</summary>
public sealed record ActuatorCommand(string ActuatorId, string Kind, string Action, double? DurationS, string ZoneId, string AlarmId, DateTimeOffset At, string Reason) : IVigilMessage;

// ---- commands ----

/// <summary>Create or reconfigure a zone.</summary>
public sealed record ConfigureZone(string ZoneId, ZoneConfig Config) : IWithZoneId, IVigilMessage;

/// <summary>A sensor reports a confirmed hazard; answered with <see cref="HazardAccepted"/> (at-least-once from the sensor).</summary>
public sealed record ReportHazard(string ZoneId, Hazard Hazard) : IWithZoneId, IVigilMessage;

/// <summary>An operator acknowledges an alarm: escalation stops.</summary>
public sealed record AcknowledgeAlarm(string ZoneId, string AlarmId, string By, string? Note) : IWithZoneId, IVigilMessage;

/// <summary>An operator sends a patrol.</summary>
public sealed record DispatchPatrol(string ZoneId, string AlarmId, string By, string Patrol, string? Note) : IWithZoneId, IVigilMessage;

/// <summary>An operator closes an alarm with a note.</summary>
public sealed record ResolveAlarm(string ZoneId, string AlarmId, string By, string? Note) : IWithZoneId, IVigilMessage;

/// <summary>Take a zone out of service; refused while it has open alarms.</summary>
public sealed record DecommissionZone(string ZoneId, string? By) : IWithZoneId, IVigilMessage;

/// <summary>Ask a zone for its settings and open alarms.</summary>
public sealed record GetZone(string ZoneId) : IWithZoneId, IVigilMessage;

/// <summary>Ask a zone whether it has processed everything sent before this (replay uses it as a barrier).</summary>
public sealed record FlushZone(string ZoneId) : IWithZoneId, IVigilMessage;

// ---- replies ----

/// <summary>Answer to <see cref="ReportHazard"/>: the hazard is persisted in that alarm.</summary>
public sealed record HazardAccepted(string ZoneId, string HazardId, string AlarmId) : IVigilMessage;

/// <summary>Answer to an alarm command: the alarm as it now stands.</summary>
public sealed record AlarmCommandAccepted(Alarm Alarm) : IVigilMessage;

/// <summary>A zone's state.</summary>
public sealed record ZoneInfo(string ZoneId, ZoneConfig? Config, IReadOnlyList<Alarm> OpenAlarms) : IVigilMessage;

/// <summary>Answer to <see cref="FlushZone"/>.</summary>
public sealed record ZoneFlushed(string ZoneId) : IVigilMessage;

// ---- events (persisted by the zone entity) ----

/// <summary>A zone was taken out of service (tagged "zone"). At, as in <see cref="ZoneConfigured"/>, orders a zone's changes.</summary>
public sealed record ZoneDecommissioned(string ZoneId, string? By, DateTimeOffset At) : IWithZoneId, IVigilMessage;

/// <summary>
/// A zone was created or its settings changed (tagged "zone"). At grows strictly across one zone's ZoneConfigured and
/// ZoneDecommissioned (ZoneState.NextChangeAt): the views order a zone's changes by it.
/// </summary>
public sealed record ZoneConfigured(string ZoneId, ZoneConfig Config, DateTimeOffset At) : IWithZoneId, IVigilMessage;
