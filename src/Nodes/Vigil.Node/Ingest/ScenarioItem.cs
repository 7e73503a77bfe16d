using Vigil.Messages;

namespace Vigil.Node.Ingest;

/// <summary>One validated object of a scenario file or an API body: a zone, a sensor or a reading.</summary>
public abstract record ScenarioItem;

/// <summary>A zone declaration: the kind's default config with the object's overrides applied.</summary>
public sealed record ZoneItem(string ZoneId, ZoneConfig Config) : ScenarioItem;

/// <summary>A sensor declaration; Kind is one of <see cref="SensorKinds.All"/>.</summary>
public sealed record SensorItem(string SensorId, string Kind, string ZoneId, SensorConfig Config) : ScenarioItem;

/// <summary>
/// A reading. Exactly one of Payload and ImagePath is set: an <c>image</c> reading carries only the path
/// of a frame that a detector (camera) or driver monitor (forklift) must turn into a payload first.
/// </summary>
public sealed record ReadingItem(string SensorId, DateTimeOffset T, ReadingPayload? Payload, string? ImagePath) : ScenarioItem
{
    /// <summary>The image reference of an <c>image</c> reading, or null.</summary>
    public ImageReading? Image => ImagePath is null ? null : new ImageReading(ImagePath);

    /// <summary>The protocol message for this reading, or null for an image reading that has no payload yet.</summary>
    public SensorReading? ToReading() => Payload is null ? null : new SensorReading(SensorId, T, Payload);
}

/// <summary>
/// An <c>image</c> payload: a JPEG/PNG path relative to the scenario file. It never travels in actor
/// messages (frames stay on the edge), which is why it lives here and not in the protocol.
/// </summary>
public sealed record ImageReading(string Path);

/// <summary>Why an object was refused; Message names the field path, e.g. <c>reading.speed.kmh: NaN is not a number</c>.</summary>
public sealed record ParseError(string Message)
{
    public override string ToString() => Message;
}
