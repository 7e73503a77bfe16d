namespace Vigil.Messages;

/// <summary>The four kinds of sensor, as they are spelled in scenarios and the API.</summary>
public static class SensorKinds
{
    public const string Camera = "camera";
    public const string Radar = "radar";
    public const string Thermal = "thermal";
    public const string Forklift = "forklift";

    public static readonly IReadOnlyList<string> All = [Camera, Radar, Thermal, Forklift];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind);
}

/// <summary>Zone kinds; they pick a camera's default rules and a zone's default actuators.</summary>
public static class ZoneKinds
{
    public const string Production = "production";
    public const string Road = "road";
    public const string Logistics = "logistics";
    public const string ScrapPit = "scrap-pit";
    public const string Rooftop = "rooftop";

    public static readonly IReadOnlyList<string> All = [Production, Road, Logistics, ScrapPit, Rooftop];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind);
}

/// <summary>Hazard type names of the hazards output format.</summary>
public static class HazardTypes
{
    public const string NoHelmet = "no_helmet";
    public const string ZoneIntrusion = "zone_intrusion";
    public const string PersonVehicleMixing = "person_vehicle_mixing";
    public const string RooftopIntrusion = "rooftop_intrusion";
    public const string Overspeed = "overspeed";
    public const string HotSpot = "hot_spot";
    public const string DriverFatigue = "driver_fatigue";
    public const string SeatbeltUnfastened = "seatbelt_unfastened";
    public const string SeatbeltBypassed = "seatbelt_bypassed";
    public const string SensorOffline = "sensor_offline";
    public const string CameraTampered = "camera_tampered";
}

/// <summary>How urgent a hazard is; critical ones may command fire suppression.</summary>
public static class Severities
{
    public const string Warning = "warning";
    public const string Critical = "critical";
}

/// <summary>The lifecycle states of an alarm.</summary>
public static class AlarmStates
{
    public const string Raised = "raised";
    public const string Acknowledged = "acknowledged";
    public const string Dispatched = "dispatched";
    public const string Resolved = "resolved";

    public static readonly IReadOnlyList<string> All = [Raised, Acknowledged, Dispatched, Resolved];
}

/// <summary>Actuator kinds a zone can command.</summary>
public static class ActuatorKinds
{
    public const string Siren = "siren";
    public const string Strobe = "strobe";
    public const string Suppression = "suppression";
    public const string LedBoard = "led-board";
    public const string Gate = "gate";

    public static readonly IReadOnlyList<string> All = [Siren, Strobe, Suppression, LedBoard, Gate];
}
