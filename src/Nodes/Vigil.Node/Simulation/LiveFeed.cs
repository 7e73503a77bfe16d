using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vigil.Node.Simulation;

/// <summary>Helpers to play a simulated run in real time: offsets to pace by, and re-stamping readings with wall-clock time.</summary>
public static class LiveFeed
{
    private static readonly JsonSerializerOptions Compact = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keep plates such as 苏H12345 readable
    };

    /// <summary>Each reading with its offset from <see cref="PlantSimulator.Start"/>, in order (offsets never decrease).</summary>
    public static IEnumerable<(TimeSpan Offset, string Json)> Paced(PlantSimulator sim)
    {
        ArgumentNullException.ThrowIfNull(sim);
        foreach (var line in sim.Readings()) yield return (line.T - sim.Start, line.Json);
    }

    /// <summary>The reading with its <c>t</c> replaced by <paramref name="t"/> (ISO-8601, milliseconds, UTC 'Z'); other fields keep their order and text.</summary>
    public static string WithTime(string readingJson, DateTimeOffset t)
    {
        ArgumentNullException.ThrowIfNull(readingJson);
        if (JsonNode.Parse(readingJson) is not JsonObject obj)
            throw new ArgumentException("A reading must be a JSON object", nameof(readingJson));
        obj["t"] = Json.Iso(t);
        return obj.ToJsonString(Compact);
    }
}
