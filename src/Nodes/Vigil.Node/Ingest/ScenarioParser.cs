using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Vigil.Messages;

namespace Vigil.Node.Ingest;

/// <summary>
/// The edge parser of the scenario format (spec/replay.md), shared by the <c>replay</c> verb and the HTTP API:
/// turns one JSON object into a validated zone, sensor or reading, or a <see cref="ParseError"/> naming the field.
/// Unknown fields are ignored, as the spec asks. Readings are not checked against their sensor (existence,
/// kind): the caller knows the sensors, and <see cref="ReadingPayload.SensorKind"/> tells the kind.
/// </summary>
public static partial class ScenarioParser
{
    public const string ZoneType = "zone";
    public const string SensorType = "sensor";
    public const string ReadingType = "reading";

    /// <summary>Options for parsing scenario lines and API bodies: strict JSON, depth capped at <see cref="ScenarioLimits.MaxDepth"/>.</summary>
    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = ScenarioLimits.MaxDepth };

    /// <summary>
    /// Parses one object. With <paramref name="expectedType"/> null its <c>"type"</c> decides (scenario files);
    /// with zone, sensor or reading (an API endpoint) the type may be left out, but when present must match.
    /// </summary>
    public static bool TryParse(JsonElement obj, string? expectedType, [NotNullWhen(true)] out ScenarioItem? item, [NotNullWhen(false)] out ParseError? error)
    {
        if (expectedType is not (null or ZoneType or SensorType or ReadingType))
            throw new ArgumentException($"expectedType must be null, {ZoneType}, {SensorType} or {ReadingType}", nameof(expectedType));

        try
        {
            if (obj.ValueKind != JsonValueKind.Object)
                throw new FieldException($"expected a JSON object, got {Json.Describe(obj)}");
            var fields = Fields.Of(obj, expectedType ?? "object");
            var type = TypeOf(fields, expectedType);
            fields = fields.At(type);
            item = type switch
            {
                ZoneType => ParseZone(fields),
                SensorType => ParseSensor(fields),
                _ => ParseReading(fields),
            };
            error = null;
            return true;
        }
        catch (FieldException e)
        {
            item = null;
            error = new ParseError(e.Message);
            return false;
        }
    }

    /// <summary>Parses one scenario line (an object whose <c>"type"</c> decides); invalid JSON gives an error naming the JSON problem.</summary>
    public static bool TryParseLine(string line, [NotNullWhen(true)] out ScenarioItem? item, [NotNullWhen(false)] out ParseError? error)
    {
        ArgumentNullException.ThrowIfNull(line);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, DocumentOptions);
        }
        catch (JsonException e)
        {
            item = null;
            error = new ParseError($"invalid JSON: {e.Message}");
            return false;
        }
        // Items copy what they keep, so the pooled document can go back at once.
        using (document)
            return TryParse(document.RootElement, null, out item, out error);
    }

    private static string TypeOf(Fields fields, string? expectedType)
    {
        if (!fields.TryGet("type", out var element))
            return expectedType ?? throw new FieldException($"type is required: one of {ZoneType}, {SensorType}, {ReadingType}");
        if (element.ValueKind != JsonValueKind.String)
            throw Json.Fail("type", $"expected a string, got {Json.Describe(element)}");
        var type = element.GetString()!;
        if (type is not (ZoneType or SensorType or ReadingType))
            throw Json.Fail("type", $"unknown type {Json.Quote(type)}: expected {ZoneType}, {SensorType} or {ReadingType}");
        if (expectedType is not null && type != expectedType)
            throw Json.Fail("type", $"'{type}' given where '{expectedType}' is expected");
        return type;
    }

    /// <summary>A sensor, zone or actuator id, checked by the protocol's own rule.</summary>
    private static string Id(Fields fields, string name)
    {
        var path = fields.PathOf(name);
        var element = fields.Required(name);
        if (element.ValueKind != JsonValueKind.String)
            throw Json.Fail(path, $"expected a string, got {Json.Describe(element)}");
        var id = element.GetString()!;
        return Ids.Problem(id, path) is { } problem ? throw new FieldException(problem) : id;
    }

    /// <summary>A string that must be one of a closed set of names.</summary>
    private static string OneOf(JsonElement element, string path, IReadOnlyList<string> allowed)
    {
        if (element.ValueKind != JsonValueKind.String)
            throw Json.Fail(path, $"expected a string, got {Json.Describe(element)}");
        var value = element.GetString()!;
        return allowed.Contains(value) ? value : throw Json.Fail(path, $"{Json.Quote(value)} is not one of {string.Join(", ", allowed)}");
    }
}
