namespace Vigil.Messages;

/// <summary>
/// A zone entity's snapshot: settings, open alarms and the alarm sequence. ChangedAt is the At of the zone's newest
/// ZoneConfigured or ZoneDecommissioned, kept so that the next one is stamped after it; null in snapshots written
/// before it was kept.
/// </summary>
public sealed record ZoneSnapshot(ZoneConfig? Config, long NextAlarmSeq, IReadOnlyList<Alarm> OpenAlarms, IReadOnlyList<string> RecentHazardIds,
    DateTimeOffset? ChangedAt = null) : IVigilMessage;

/// <summary>A sensor entity's snapshot: its registration.</summary>
public sealed record SensorSnapshot(string Kind, string ZoneId, SensorConfig Config, ZoneContext Zone, bool Decommissioned) : IVigilMessage;

/// <summary>
/// A node's read-side view of one journal tag ("sensor", "zone" or "alarm") up to an offset of the tag's event stream,
/// kept in the snapshot store under <c>view-{tag}</c>: a restarting node loads it and reads only the events after
/// it, instead of the whole journal. It holds only what the journal gives the view; live health comes again from the
/// sensors themselves.
/// </summary>
public sealed record ViewCheckpoint(
    string Tag,
    long Offset,
    IReadOnlyList<CheckpointedSensor>? Sensors = null,
    IReadOnlyList<ZoneConfigured>? Zones = null,
    IReadOnlyList<Alarm>? Alarms = null) : IVigilMessage;

/// <summary>
/// A sensor's registration as the sensor view holds it, in a <see cref="ViewCheckpoint"/>. ChangedAt is the At of the
/// registration event it reflects (the view's ordering key); null in checkpoints written before it was kept.
/// </summary>
public sealed record CheckpointedSensor(
    string SensorId, string Kind, string ZoneId, SensorConfig Config, bool Decommissioned, DateTimeOffset RegisteredAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? ChangedAt = null);
