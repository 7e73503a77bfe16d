using System.Globalization;
using System.Text.Json;

namespace Vigil.Node.Ingest;

/// <summary>Thrown by the field readers and caught by <see cref="ScenarioParser"/>; never escapes it.</summary>
internal sealed class FieldException(string message) : Exception(message);

/// <summary>
/// The properties of one JSON object, looked up by name with the object's path kept for messages.
/// A name given twice is refused: parsers disagree on which copy wins, so the input is ambiguous.
/// </summary>
internal sealed class Fields
{
    private readonly Dictionary<string, JsonElement> byName;

    private Fields(string path, Dictionary<string, JsonElement> byName)
    {
        Path = path;
        this.byName = byName;
    }

    public string Path { get; }

    public static Fields Of(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw Json.Fail(path, $"expected an object, got {Json.Describe(element)}");
        var byName = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!byName.TryAdd(property.Name, property.Value))
                throw Json.Fail(path, $"field '{property.Name}' appears more than once");
        }
        return new Fields(path, byName);
    }

    /// <summary>The same fields under another path (the root's path is known only once its type is read).</summary>
    public Fields At(string path) => new(path, byName);

    public string PathOf(string name) => $"{Path}.{name}";

    /// <summary>True when the field is present with a value other than null (null means absent).</summary>
    public bool Has(string name) => byName.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public bool TryGet(string name, out JsonElement value) =>
        byName.TryGetValue(name, out value) && value.ValueKind != JsonValueKind.Null;

    public JsonElement Required(string name) =>
        TryGet(name, out var value) ? value : throw new FieldException($"{PathOf(name)} is required");

    public string RequiredString(string name, int maxLength) => Json.String(Required(name), PathOf(name), maxLength);

    public string? OptionalString(string name, int maxLength) =>
        TryGet(name, out var value) ? Json.String(value, PathOf(name), maxLength) : null;

    public double RequiredNumber(string name, double min, double max) => Json.Number(Required(name), PathOf(name), min, max);

    public double? OptionalNumber(string name, double min, double max) =>
        TryGet(name, out var value) ? Json.Number(value, PathOf(name), min, max) : null;

    /// <summary>A number that must be above zero (an interval, a rate) and at most max.</summary>
    public double? OptionalPositive(string name, double max)
    {
        if (!TryGet(name, out var value)) return null;
        var number = Json.Number(value, PathOf(name), double.MinValue, max);
        return number > 0 ? number : throw Json.Fail(PathOf(name), $"must be greater than 0, got {Json.Format(number)}");
    }

    public int RequiredInt(string name, int min, int max) => Json.Int(Required(name), PathOf(name), min, max);

    public int? OptionalInt(string name, int min, int max) =>
        TryGet(name, out var value) ? Json.Int(value, PathOf(name), min, max) : null;

    public bool RequiredBool(string name) => Json.Bool(Required(name), PathOf(name));

    public bool? OptionalBool(string name) => TryGet(name, out var value) ? Json.Bool(value, PathOf(name)) : null;
}

/// <summary>Typed reads of single JSON values; every failure names the path.</summary>
internal static class Json
{
    public static FieldException Fail(string path, string problem) => new($"{path}: {problem}");

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string String(JsonElement element, string path, int maxLength)
    {
        if (element.ValueKind != JsonValueKind.String)
            throw Fail(path, $"expected a string, got {Describe(element)}");
        var text = element.GetString()!;
        if (text.Length == 0) throw Fail(path, "must not be empty");
        if (text.Length > maxLength) throw Fail(path, $"is longer than {maxLength} characters");
        return text;
    }

    /// <summary>A finite number in [min, max]; NaN and Infinity smuggled in as strings get a message of their own.</summary>
    public static double Number(JsonElement element, string path, double min, double max)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            var text = element.GetString()!;
            var name = text.TrimStart('+', '-');
            throw name.Equals("NaN", StringComparison.OrdinalIgnoreCase) || name.Equals("Infinity", StringComparison.OrdinalIgnoreCase)
                ? Fail(path, $"{text} is not a number")
                : Fail(path, "expected a number, got a string");
        }
        if (element.ValueKind != JsonValueKind.Number)
            throw Fail(path, $"expected a number, got {Describe(element)}");
        if (!element.TryGetDouble(out var value) || !double.IsFinite(value))
            throw Fail(path, $"{Truncate(element.GetRawText())} is not a finite number");
        if (value < min || value > max)
            throw Fail(path, $"must be between {Format(min)} and {Format(max)}, got {Format(value)}");
        return value;
    }

    /// <summary>An integral number in [min, max]; 3.0 is accepted because some writers cannot tell ints from floats.</summary>
    public static int Int(JsonElement element, string path, int min, int max)
    {
        var value = Number(element, path, min, max);
        return value == Math.Floor(value) ? (int)value : throw Fail(path, $"must be a whole number, got {Format(value)}");
    }

    public static bool Bool(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Fail(path, $"expected true or false, got {Describe(element)}"),
    };

    public static JsonElement Array(JsonElement element, string path, int maxLength)
    {
        if (element.ValueKind != JsonValueKind.Array)
            throw Fail(path, $"expected an array, got {Describe(element)}");
        var length = element.GetArrayLength();
        return length <= maxLength ? element : throw Fail(path, $"has {length} elements, at most {maxLength} are allowed");
    }

    /// <summary>A fixed-length array such as [x, y] or [x, y, w, h]; shape names it in the message.</summary>
    public static JsonElement Tuple(JsonElement element, string path, int length, string shape)
    {
        if (element.ValueKind != JsonValueKind.Array)
            throw Fail(path, $"expected an array, got {Describe(element)}");
        var actual = element.GetArrayLength();
        return actual == length ? element : throw Fail(path, $"{shape}, got {actual} element{(actual == 1 ? "" : "s")}");
    }

    /// <summary>Input echoed into a message: quoted, cut short, control characters made visible (messages end up in logs).</summary>
    public static string Quote(string text)
    {
        var cut = Truncate(text);
        var builder = new System.Text.StringBuilder(cut.Length + 2).Append('\'');
        foreach (var c in cut)
        {
            if (char.IsControl(c)) builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else builder.Append(c);
        }
        return builder.Append('\'').ToString();
    }

    private static string Truncate(string raw) => raw.Length <= 40 ? raw : raw[..40] + "…";
}
