namespace Vigil.Messages;

/// <summary>A zone entity's snapshot: settings, open alarms and the alarm sequence.</summary>
public sealed record ZoneSnapshot(ZoneConfig? Config, long NextAlarmSeq, IReadOnlyList<Alarm> OpenAlarms, IReadOnlyList<string> RecentHazardIds) : IVigilMessage;

/// <summary>A sensor entity's snapshot: its registration.</summary>
public sealed record SensorSnapshot(string Kind, string ZoneId, SensorConfig Config, ZoneContext Zone, bool Decommissioned) : IVigilMessage;
