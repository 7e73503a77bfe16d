using System.Text.Json;
using Vigil.Node.Ingest;
using Xunit;

namespace Vigil.Tests.Ingest;

/// <summary>Shorthands for the parser tests: parse or fail, and the message of a rejection.</summary>
internal static class Parse
{
    public static T Ok<T>(string json, string? expectedType = null) where T : ScenarioItem
    {
        using var document = JsonDocument.Parse(json);
        var ok = ScenarioParser.TryParse(document.RootElement, expectedType, out var item, out var error);
        Assert.True(ok, error?.Message);
        return Assert.IsType<T>(item);
    }

    public static string Error(string json, string? expectedType = null)
    {
        using var document = JsonDocument.Parse(json);
        var ok = ScenarioParser.TryParse(document.RootElement, expectedType, out var item, out var error);
        Assert.False(ok, $"accepted: {item}");
        Assert.Null(item);
        return error!.Message;
    }

    /// <summary>A reading of sensor s1 at a fixed time with the given payload members.</summary>
    public static string Reading(string members) =>
        $$"""{"type":"reading","t":"2026-03-02T08:00:00.000Z","sensor":"s1",{{members}}}""";

    public static string Sensor(string config, string kind = "camera") =>
        $$"""{"type":"sensor","id":"cam-1","kind":"{{kind}}","zone":"z1","config":{{config}}}""";
}
