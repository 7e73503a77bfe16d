using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vigil.Messages;

namespace Vigil.Node.Ingest;

/// <summary>Writes the spec's hazards output: one JSON object per confirmed hazard, without the trailing newline.</summary>
public static class HazardWriter
{
    // Plates such as 苏H12345 must appear literally; quotes, backslashes and control characters are still escaped.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// <c>{"hazard","sensor","zone","subject"?,"t","kmh"?,"max_c"?,"alarm"}</c> in that order. kmh and max_c are
    /// rounded to 0.01, which also hides float artefacts of thermal frames (85.3f would print as 85.30000305175781).
    /// </summary>
    public static string ToJsonLine(Hazard hazard, string alarmId)
    {
        ArgumentNullException.ThrowIfNull(hazard);
        ArgumentException.ThrowIfNullOrEmpty(alarmId);

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("hazard", hazard.Type);
            writer.WriteString("sensor", hazard.SensorId);
            writer.WriteString("zone", hazard.ZoneId);
            if (hazard.Subject is not null) writer.WriteString("subject", hazard.Subject);
            writer.WriteString("t", FormatTime(hazard.T));
            if (hazard.Kmh is { } kmh) writer.WriteNumber("kmh", Rounded(kmh, nameof(Hazard.Kmh)));
            if (hazard.MaxC is { } maxC) writer.WriteNumber("max_c", Rounded(maxC, nameof(Hazard.MaxC)));
            writer.WriteString("alarm", alarmId);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>ISO-8601 with milliseconds and the time's own offset: <c>2026-03-02T08:00:01.350Z</c>, <c>…350+08:00</c>.</summary>
    public static string FormatTime(DateTimeOffset t) => t.Offset == TimeSpan.Zero
        ? t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
        : t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private static double Rounded(double value, string name) => double.IsFinite(value)
        ? Math.Round(value, 2, MidpointRounding.AwayFromZero)
        : throw new ArgumentException($"hazard {name} is {value}, which JSON cannot hold", nameof(Hazard));
}
