using System.Text.Json;

namespace Vigil.Node.Api;

/// <summary>Reads a JSON body within the size and depth limits, turning every failure into a clear 4xx.</summary>
public static class RequestBody
{
    /// <summary>The parsed body, or an error result already counted under its reason.</summary>
    public static async Task<(JsonDocument? Doc, IResult? Error)> ReadAsync(HttpRequest request, long maxBytes, IngestCounters counters)
    {
        if (request.ContentLength is { } declared && declared > maxBytes)
            return (null, TooLarge(counters, maxBytes));
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                return (null, TooLarge(counters, maxBytes));
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
        {
            counters.Reject("malformed_json");
            return (null, Results.BadRequest(Json.Error("the request body is empty; send a JSON object or array", "malformed_json")));
        }
        // JsonDocument checks UTF-8 only when a string is read; refuse it here, before any reader can trip on it.
        if (!System.Text.Unicode.Utf8.IsValid(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))
        {
            counters.Reject("malformed_json");
            return (null, Results.BadRequest(Json.Error("the body is not valid UTF-8", "malformed_json")));
        }
        try
        {
            return (JsonDocument.Parse(buffer.ToArray(), Ingest.ScenarioParser.DocumentOptions), null);
        }
        catch (JsonException ex)
        {
            counters.Reject("malformed_json");
            return (null, Results.BadRequest(Json.Error($"the body is not valid JSON: {ex.Message}", "malformed_json")));
        }
        catch (ArgumentException ex)
        {
            // Invalid UTF-8 surfaces here.
            counters.Reject("malformed_json");
            return (null, Results.BadRequest(Json.Error($"the body is not valid UTF-8 JSON: {ex.Message}", "malformed_json")));
        }
    }

    /// <summary>One object, or an array of objects, as the API's POST endpoints take them.</summary>
    public static IReadOnlyList<JsonElement>? Items(JsonDocument doc) => doc.RootElement.ValueKind switch
    {
        JsonValueKind.Object => [doc.RootElement],
        JsonValueKind.Array => doc.RootElement.EnumerateArray().ToList(),
        _ => null,
    };

    private static IResult TooLarge(IngestCounters counters, long maxBytes)
    {
        counters.Reject("too_large");
        return Results.Json(Json.Error($"the body is larger than {maxBytes} bytes; split the batch", "too_large"), statusCode: StatusCodes.Status413PayloadTooLarge);
    }
}
