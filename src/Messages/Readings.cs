using System.Text.Json.Serialization;

namespace Vigil.Messages;

/// <summary>One input from one sensor, stamped with its event time.</summary>
public sealed record SensorReading(string SensorId, DateTimeOffset T, ReadingPayload Payload) : IWithSensorId, IVigilMessage;

/// <summary>The content of a reading; exactly one kind per reading, as in the scenario format.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$p")]
[JsonDerivedType(typeof(CameraDetections), "detections")]
[JsonDerivedType(typeof(RadarSpeed), "speed")]
[JsonDerivedType(typeof(PlateRead), "plate")]
[JsonDerivedType(typeof(ThermalFrame), "thermal")]
[JsonDerivedType(typeof(ForkliftTelemetry), "telemetry")]
[JsonDerivedType(typeof(DriverState), "driver")]
public abstract record ReadingPayload
{
    /// <summary>The sensor kind that may send this payload.</summary>
    [JsonIgnore]
    public abstract string SensorKind { get; }

    /// <summary>The payload's field name in the scenario format.</summary>
    [JsonIgnore]
    public abstract string Field { get; }
}

/// <summary>What a camera's detector saw in one frame (the frame itself never travels).</summary>
/// <param name="Picture">what the picture itself looked like, where Vigil saw the frame (its vision pipeline):
/// <see cref="Pictures.Black"/>, <see cref="Pictures.Frozen"/>, or null for a normal picture or detections from elsewhere</param>
public sealed record CameraDetections(IReadOnlyList<Detection> Detections, int? FrameW = null, int? FrameH = null, string? Picture = null) : ReadingPayload
{
    public override string SensorKind => SensorKinds.Camera;
    public override string Field => "detections";
}

/// <summary>One detected object; box is x, y, w, h in pixels.</summary>
public sealed record Detection(string Cls, double X, double Y, double W, double H, double Conf, string? Track = null, bool? Helmet = null)
{
    /// <summary>Where a person stands: the middle of the box's bottom edge.</summary>
    public (double X, double Y) FootPoint => (X + W / 2, Y + H);
}

/// <summary>One radar sample of one target.</summary>
public sealed record RadarSpeed(string Target, double Kmh, int Lane) : ReadingPayload
{
    public override string SensorKind => SensorKinds.Radar;
    public override string Field => "speed";
}

/// <summary>One plate read by the checkpoint camera paired with a radar.</summary>
public sealed record PlateRead(string Text, double Conf, int Lane) : ReadingPayload
{
    public override string SensorKind => SensorKinds.Radar;
    public override string Field => "plate";
}

/// <summary>One radiometric frame, °C, row-major.</summary>
public sealed record ThermalFrame(int W, int H, float[] C) : ReadingPayload
{
    public override string SensorKind => SensorKinds.Thermal;
    public override string Field => "thermal";
}

/// <summary>A forklift controller's telemetry record.</summary>
public sealed record ForkliftTelemetry(double Kmh, bool Seatbelt, bool? Seat = null, bool? Ignition = null) : ReadingPayload
{
    public override string SensorKind => SensorKinds.Forklift;
    public override string Field => "telemetry";
}

/// <summary>The cab camera's driver-monitor output; EyeOpen in [0,1], 1 = fully open.</summary>
public sealed record DriverState(bool Face, double? EyeOpen = null, bool? Yawn = null, bool? BeltVisible = null) : ReadingPayload
{
    public override string SensorKind => SensorKinds.Forklift;
    public override string Field => "driver";
}

/// <summary>Signals about the picture a camera sent, for tamper detection.</summary>
public static class Pictures
{
    /// <summary>Dark and featureless: covered, sprayed, or the signal is gone.</summary>
    public const string Black = "black";

    /// <summary>The same picture frame after frame: a frozen feed or a photo held in front of the lens.</summary>
    public const string Frozen = "frozen";
}
