#nullable enable
using Vigil.Actors.Sensors;
using Vigil.Messages;

namespace Vigil.Tests.Sensors;

/// <summary>Builders shared by the engine tests: one fixed event-time origin, readings and engines.</summary>
internal static class Given
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    // Rounded to whole ticks: AddSeconds(2.4) truncates to a tick short, and exact-time assertions need the same instant the engine computes.
    public static DateTimeOffset At(double seconds) => T0.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));

    public static Detection Person(string? track, bool? helmet = null, double x = 800, double y = 300, double w = 90, double h = 240, double conf = 0.9) =>
        new("person", x, y, w, h, conf, track, helmet);

    public static Detection Vehicle(double x, double y, double w = 300, double h = 200, string cls = "vehicle", string? track = "v1") =>
        new(cls, x, y, w, h, 0.9, track);

    public static CameraDetections Frame(params Detection[] detections) => new(detections, 1920, 1080);

    public static ISensorEngine Camera(string zoneKind, SensorConfig? config = null, string sensorId = "cam-1") =>
        SensorEngines.Create(sensorId, SensorKinds.Camera, "zone-a", config ?? SensorConfig.Empty, new ZoneContext(zoneKind, null));

    public static ISensorEngine Radar(double? zoneLimit = 20, SensorConfig? config = null) =>
        SensorEngines.Create("radar-1", SensorKinds.Radar, "road-east", config ?? SensorConfig.Empty, new ZoneContext(ZoneKinds.Road, zoneLimit));

    public static ISensorEngine Thermal(SensorConfig? config = null) =>
        SensorEngines.Create("th-1", SensorKinds.Thermal, "pit-1", config ?? SensorConfig.Empty, new ZoneContext(ZoneKinds.ScrapPit, null));

    public static ISensorEngine Forklift(double? zoneLimit = null, SensorConfig? config = null) =>
        SensorEngines.Create("fl-1", SensorKinds.Forklift, "dock", config ?? SensorConfig.Empty, new ZoneContext(ZoneKinds.Logistics, zoneLimit));

    /// <summary>A w×h frame at ambient temperature with optional hot pixels.</summary>
    public static ThermalFrame ThermalFrame(float ambient = 25, params (int Index, float C)[] hot)
    {
        var c = Enumerable.Repeat(ambient, 16 * 12).ToArray();
        foreach (var (i, v) in hot)
            c[i] = v;
        return new ThermalFrame(16, 12, c);
    }

    /// <summary>Feeds readings in order and collects every hazard.</summary>
    public static List<Hazard> Feed(ISensorEngine engine, params (double S, ReadingPayload P)[] readings)
    {
        var all = new List<Hazard>();
        foreach (var (s, p) in readings)
            all.AddRange(engine.Observe(At(s), p));
        return all;
    }
}
