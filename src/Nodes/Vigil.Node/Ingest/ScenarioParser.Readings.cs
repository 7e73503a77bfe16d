using System.Text.Json;
using Vigil.Messages;

namespace Vigil.Node.Ingest;

// Readings: the event time and exactly one payload.
public static partial class ScenarioParser
{
    private const string ImageField = "image";
    private const string FrameField = "frame";

    private static readonly string[] PayloadFields = ["detections", ImageField, "speed", "plate", "thermal", "telemetry", "driver"];
    private static readonly string[] DetectionClasses = ["person", "vehicle", "forklift"];

    private static ReadingItem ParseReading(Fields f)
    {
        var sensor = Id(f, "sensor");
        var t = Time(f, "t");

        var present = PayloadFields.Where(f.Has).ToList();
        if (present.Count == 0)
            throw Json.Fail(f.Path, $"has no payload: give exactly one of {string.Join(", ", PayloadFields)}");
        if (present.Count > 1)
            throw Json.Fail(f.Path, $"has {string.Join(" and ", present)}: a reading carries exactly one payload");
        var field = present[0];
        if (field != "detections" && f.Has(FrameField))
            throw Json.Fail(f.PathOf(FrameField), $"goes only with detections, not with {field}");

        var path = f.PathOf(field);
        var value = f.Required(field);
        if (field == ImageField)
            return new ReadingItem(sensor, t, null, ImagePath(value, path));

        ReadingPayload payload = field switch
        {
            "detections" => Detections(value, path, f),
            "speed" => Speed(Fields.Of(value, path)),
            "plate" => Plate(Fields.Of(value, path)),
            "thermal" => Thermal(Fields.Of(value, path)),
            "telemetry" => Telemetry(Fields.Of(value, path)),
            _ => Driver(Fields.Of(value, path)),
        };
        return new ReadingItem(sensor, t, payload, null);
    }

    private static DateTimeOffset Time(Fields f, string name)
    {
        var element = f.Required(name);
        if (element.ValueKind != JsonValueKind.String)
            throw Json.Fail(f.PathOf(name), $"expected an ISO-8601 string, got {Json.Describe(element)}");
        return IsoTime.TryParse(element.GetString()!, out var t, out var problem) ? t : throw Json.Fail(f.PathOf(name), problem!);
    }

    /// <summary>
    /// A frame path relative to the scenario file. Absolute paths and URIs are refused (the spec says relative);
    /// whether a relative path may climb out of the scenario's folder is for whoever resolves it.
    /// </summary>
    private static string ImagePath(JsonElement element, string path)
    {
        var text = Json.String(element, path, ScenarioLimits.MaxImagePathChars);
        if (text.Any(char.IsControl))
            throw Json.Fail(path, "must not contain control characters");
        var firstSegment = text.Split('/', '\\')[0];
        if (text[0] is '/' or '\\' || firstSegment.Contains(':'))
            throw Json.Fail(path, $"{Json.Quote(text)} must be a path relative to the scenario file");
        return text;
    }

    private static CameraDetections Detections(JsonElement array, string path, Fields reading)
    {
        var detections = new List<Detection>(Json.Array(array, path, ScenarioLimits.MaxDetections).GetArrayLength());
        var index = 0;
        foreach (var element in array.EnumerateArray())
            detections.Add(Detection(Fields.Of(element, $"{path}[{index++}]")));

        if (!reading.TryGet(FrameField, out var frameElement))
            return new CameraDetections(detections);
        var frame = Fields.Of(frameElement, reading.PathOf(FrameField));
        return new CameraDetections(
            detections,
            frame.RequiredInt("w", 1, ScenarioLimits.MaxFrameSide),
            frame.RequiredInt("h", 1, ScenarioLimits.MaxFrameSide));
    }

    private static Detection Detection(Fields f)
    {
        var cls = OneOf(f.Required("cls"), f.PathOf("cls"), DetectionClasses);
        var boxPath = f.PathOf("box");
        var box = Json.Tuple(f.Required("box"), boxPath, 4, "a box is [x, y, w, h]");
        const double max = ScenarioLimits.MaxPixel;
        return new Detection(
            cls,
            X: Json.Number(box[0], $"{boxPath}[0]", -max, max),
            Y: Json.Number(box[1], $"{boxPath}[1]", -max, max),
            W: Json.Number(box[2], $"{boxPath}[2]", 0, max),
            H: Json.Number(box[3], $"{boxPath}[3]", 0, max),
            Conf: f.RequiredNumber("conf", 0, 1),
            Track: f.OptionalString("track", ScenarioLimits.MaxShortText),
            Helmet: f.OptionalBool("helmet"));
    }

    private static RadarSpeed Speed(Fields f) => new(
        f.RequiredString("target", ScenarioLimits.MaxShortText),
        f.RequiredNumber("kmh", 0, ScenarioLimits.MaxKmh),
        f.RequiredInt("lane", 0, ScenarioLimits.MaxLane));

    private static PlateRead Plate(Fields f) => new(
        f.RequiredString("text", ScenarioLimits.MaxPlateChars),
        f.RequiredNumber("conf", 0, 1),
        f.RequiredInt("lane", 0, ScenarioLimits.MaxLane));

    private static ThermalFrame Thermal(Fields f)
    {
        var w = f.RequiredInt("w", 1, ScenarioLimits.MaxThermalSide);
        var h = f.RequiredInt("h", 1, ScenarioLimits.MaxThermalSide);
        var path = f.PathOf("c");
        var c = f.Required("c");
        if (c.ValueKind != JsonValueKind.Array)
            throw Json.Fail(path, $"expected an array, got {Json.Describe(c)}");
        if (c.GetArrayLength() != w * h)
            throw Json.Fail(path, $"has {c.GetArrayLength()} values, but w*h is {w * h}");

        var values = new float[w * h];
        var i = 0;
        foreach (var element in c.EnumerateArray())
        {
            // Up to a million values: build the element's path only when it is wrong.
            values[i] = element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var v)
                && v >= ScenarioLimits.MinCelsius && v <= ScenarioLimits.MaxCelsius
                ? (float)v
                : (float)Json.Number(element, $"{path}[{i}]", ScenarioLimits.MinCelsius, ScenarioLimits.MaxCelsius);
            i++;
        }
        return new ThermalFrame(w, h, values);
    }

    private static ForkliftTelemetry Telemetry(Fields f) => new(
        f.RequiredNumber("kmh", 0, ScenarioLimits.MaxKmh),
        f.RequiredBool("seatbelt"),
        f.OptionalBool("seat"),
        f.OptionalBool("ignition"));

    private static DriverState Driver(Fields f) => new(
        f.RequiredBool("face"),
        f.OptionalNumber("eye_open", 0, 1),
        f.OptionalBool("yawn"),
        f.OptionalBool("belt_visible"));
}
