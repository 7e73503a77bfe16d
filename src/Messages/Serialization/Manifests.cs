namespace Vigil.Messages.Serialization;

/// <summary>The one list of serialisable types and their manifests. Never reuse or rename a manifest.</summary>
public static class Manifests
{
    private static readonly (Type Type, string Name)[] All =
    [
        (typeof(SensorReading), "sensor-reading.v1"),
        (typeof(RegisterSensor), "register-sensor.v1"),
        (typeof(UpdateZoneContext), "update-zone-context.v1"),
        (typeof(DecommissionSensor), "decommission-sensor.v1"),
        (typeof(GetSensor), "get-sensor.v1"),
        (typeof(AdvanceClock), "advance-clock.v1"),
        (typeof(FlushSensor), "flush-sensor.v1"),
        (typeof(SensorRegistered), "sensor-registered.v1"),
        (typeof(SensorReconfigured), "sensor-reconfigured.v1"),
        (typeof(SensorDecommissioned), "sensor-decommissioned.v1"),
        (typeof(SensorInfo), "sensor-info.v1"),
        (typeof(SensorFlushed), "sensor-flushed.v1"),
        (typeof(SensorStatusChanged), "sensor-status-changed.v1"),
        (typeof(Accepted), "accepted.v1"),
        (typeof(Rejected), "rejected.v1"),
        (typeof(ActuatorCommand), "actuator-command.v1"),
        (typeof(ConfigureZone), "configure-zone.v1"),
        (typeof(ReportHazard), "report-hazard.v1"),
        (typeof(AcknowledgeAlarm), "acknowledge-alarm.v1"),
        (typeof(DispatchPatrol), "dispatch-patrol.v1"),
        (typeof(ResolveAlarm), "resolve-alarm.v1"),
        (typeof(GetZone), "get-zone.v1"),
        (typeof(FlushZone), "flush-zone.v1"),
        (typeof(HazardAccepted), "hazard-accepted.v1"),
        (typeof(AlarmCommandAccepted), "alarm-command-accepted.v1"),
        (typeof(ZoneInfo), "zone-info.v1"),
        (typeof(ZoneFlushed), "zone-flushed.v1"),
        (typeof(ZoneConfigured), "zone-configured.v1"),
        (typeof(DecommissionZone), "decommission-zone.v1"),
        (typeof(ZoneDecommissioned), "zone-decommissioned.v1"),
        (typeof(Alarm), "alarm.v1"),
        (typeof(AlarmRaised), "alarm-raised.v1"),
        (typeof(HazardJoined), "hazard-joined.v1"),
        (typeof(ActuatorCommanded), "actuator-commanded.v1"),
        (typeof(AlarmEscalated), "alarm-escalated.v1"),
        (typeof(AlarmAcknowledged), "alarm-acknowledged.v1"),
        (typeof(AlarmDispatched), "alarm-dispatched.v1"),
        (typeof(AlarmResolved), "alarm-resolved.v1"),
        (typeof(AlarmChanged), "alarm-changed.v1"),
        (typeof(ZoneSnapshot), "zone-snapshot.v1"),
        (typeof(SensorSnapshot), "sensor-snapshot.v1"),
        (typeof(SensorHazardsPending), "sensor-hazards-pending.v1"),
        (typeof(ViewCheckpoint), "view-checkpoint.v1"),
    ];

    public static readonly IReadOnlyDictionary<Type, string> NameOf = All.ToDictionary(x => x.Type, x => x.Name);
    public static readonly IReadOnlyDictionary<string, Type> TypeOf = All.ToDictionary(x => x.Name, x => x.Type);
}
