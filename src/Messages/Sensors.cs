namespace Vigil.Messages;

/// <summary>A sensor's settings; every field optional, defaults documented per kind in the README.</summary>
public sealed record SensorConfig
{
    public double? ExpectedIntervalS { get; init; }
    public IReadOnlyList<string>? Rules { get; init; }
    public IReadOnlyList<IReadOnlyList<Point>>? DangerZones { get; init; }
    public ActiveHours? ActiveHours { get; init; }
    public double? SpeedLimitKmh { get; init; }
    public double? AlarmC { get; init; }
    public double? CriticalC { get; init; }
    public double? WarnRiseCPerMin { get; init; }
    public int? ConfirmFrames { get; init; }
    public int? WindowFrames { get; init; }
    public double? MatchWindowS { get; init; }
    public double? MixingDistanceM { get; init; }

    /// <summary>Camera video source: a file path, an rtsp:// or an http:// MJPEG URL; captured by the node hosting the camera.</summary>
    public string? Source { get; init; }

    public static readonly SensorConfig Empty = new();
}

/// <summary>A pixel point of a danger-zone polygon.</summary>
public sealed record Point(double X, double Y);

/// <summary>Local time-of-day window (may wrap past midnight).</summary>
public sealed record ActiveHours(TimeOnly From, TimeOnly To)
{
    public bool Contains(TimeOnly t) => From <= To ? t >= From && t < To : t >= From || t < To;
}

/// <summary>What a sensor needs to know of its zone, resolved when it is registered.</summary>
public sealed record ZoneContext(string Kind, double? SpeedLimitKmh)
{
    public static ZoneContext Of(ZoneConfig zone) => new(zone.Kind, zone.SpeedLimitKmh);
}

// ---- commands ----

/// <summary>
/// A sensor's zone changed kind or speed limit: take the new context, keeping the sensor's own configuration. Only a
/// sensor in service in that zone takes it (a decommissioned one stays so, one moved elsewhere refuses); an equal
/// context changes nothing.
/// </summary>
public sealed record UpdateZoneContext(string SensorId, string ZoneId, ZoneContext Zone) : IWithSensorId, IVigilMessage;

/// <summary>Create a sensor, or reconfigure it when it exists already.</summary>
public sealed record RegisterSensor(string SensorId, string Kind, string ZoneId, SensorConfig Config, ZoneContext Zone) : IWithSensorId, IVigilMessage;

/// <summary>Take a sensor out of service; its history stays in the journal.</summary>
public sealed record DecommissionSensor(string SensorId, string? By) : IWithSensorId, IVigilMessage;

/// <summary>Ask one sensor for its state.</summary>
public sealed record GetSensor(string SensorId) : IWithSensorId, IVigilMessage;

/// <summary>Advance a sensor's event clock without a reading (replay, and the end of silence).</summary>
public sealed record AdvanceClock(string SensorId, DateTimeOffset Now) : IWithSensorId, IVigilMessage;

/// <summary>Ask a sensor how many hazards it has emitted; answered after everything before it.</summary>
public sealed record FlushSensor(string SensorId) : IWithSensorId, IVigilMessage;

// ---- events (persisted by the sensor entity, tagged "sensor") ----

/// <summary>A sensor came into service.</summary>
public sealed record SensorRegistered(string SensorId, string Kind, string ZoneId, SensorConfig Config, ZoneContext Zone, DateTimeOffset At) : IWithSensorId, IVigilMessage;

/// <summary>A registered sensor's settings changed.</summary>
public sealed record SensorReconfigured(string SensorId, string Kind, string ZoneId, SensorConfig Config, ZoneContext Zone, DateTimeOffset At) : IWithSensorId, IVigilMessage;

/// <summary>A sensor was taken out of service.</summary>
public sealed record SensorDecommissioned(string SensorId, string? By, DateTimeOffset At) : IWithSensorId, IVigilMessage;

/// <summary>
/// Confirmed hazards its zone had not acknowledged when the sensor stopped for a hand-off: the sensor sends them again
/// when it starts on its new node. The latest one wins; an empty list clears them once the zone has them all.
/// </summary>
public sealed record SensorHazardsPending(string SensorId, IReadOnlyList<Hazard> Hazards, DateTimeOffset At) : IWithSensorId, IVigilMessage;

// ---- replies and notifications ----

/// <summary>The state of one sensor.</summary>
public sealed record SensorInfo(
    string SensorId,
    string Kind,
    string ZoneId,
    SensorConfig Config,
    bool Registered,
    bool Decommissioned,
    string Health,
    DateTimeOffset? LastReadingAt,
    long Readings,
    long Rejected,
    long Hazards,
    double? UptimePct = null) : IVigilMessage;

/// <summary>Answer to <see cref="FlushSensor"/>.</summary>
public sealed record SensorFlushed(string SensorId, long HazardsEmitted) : IVigilMessage;

/// <summary>
/// Published cluster-wide on topic <c>sensor-status</c> when a sensor's health changes, and every few seconds while it reads.
/// ChangedAt is the At of the sensor's newest registration event (registered, reconfigured, decommissioned) this
/// health belongs to, so a view can tell a status of the registration it holds from a late one of an earlier one;
/// null from nodes older than the field.
/// </summary>
public sealed record SensorStatusChanged(string SensorId, string Kind, string ZoneId, string Health, DateTimeOffset? LastReadingAt, long Readings, DateTimeOffset At, double? UptimePct = null, DateTimeOffset? ChangedAt = null) : IVigilMessage;

/// <summary>Health values of a sensor.</summary>
public static class SensorHealth
{
    public const string Unknown = "unknown";
    public const string Online = "online";
    public const string Offline = "offline";
    public const string Decommissioned = "decommissioned";
}

/// <summary>
/// A command was carried out. A sensor sets At to the At of its newest registration event (the one just persisted,
/// or the current one when nothing changed), a zone to that of its newest ZoneConfigured or ZoneDecommissioned: the
/// views order a sensor's or a zone's changes by it. Null where not given.
/// </summary>
public sealed record Accepted(string Id, DateTimeOffset? At = null) : IVigilMessage;

/// <summary>A command or reading was refused; Code is one of not_found, conflict, invalid.</summary>
public sealed record Rejected(string Id, string Code, string Reason) : IVigilMessage
{
    public const string NotFound = "not_found";
    public const string Conflict = "conflict";
    public const string Invalid = "invalid";
}
