using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Hosting;
using Vigil.Actors.Views;
using Vigil.Messages;
using Vigil.Node.Api;
using Vigil.Node.Hosting;
using Vigil.Vision.Pipeline;

namespace Vigil.Node.Vision;

/// <summary>The vision API: evidence JPEGs, images posted for a sensor, and the pipeline's figures.</summary>
public static class VisionEndpoints
{
    public static void MapVisionApi(this WebApplication app)
    {
        var vision = app.Services.GetRequiredService<VisionService>();
        app.Lifetime.ApplicationStopped.Register(vision.Dispose);
        app.MapGet("/api/evidence/{sensor}/{file}", GetEvidence);
        app.MapPost("/api/sensors/{id}/image", PostImage);
        app.MapGet("/api/vision", () => Results.Json(Stats(vision), Json.Options));
    }

    private static IResult GetEvidence(string sensor, string file, VisionService vision)
    {
        // Names are what EvidencePaths writes: no separators, no parent references.
        if (!Safe(sensor) || !Safe(file) || !file.EndsWith(".jpg", StringComparison.Ordinal))
            return Results.BadRequest(Json.Error("not an evidence file name", Rejected.Invalid));
        var path = Path.Combine(vision.Options.EvidenceDir, sensor, file);
        return File.Exists(path) ? Results.File(path, "image/jpeg") : Results.NotFound(Json.Error($"no evidence '{sensor}/{file}'", Rejected.NotFound));
    }

    private static bool Safe(string s) => s.Length is > 0 and < 300 && !s.Contains("..", StringComparison.Ordinal) && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static async Task<IResult> PostImage(string id, HttpRequest request, IServiceProvider sp)
    {
        var settings = sp.GetRequiredService<NodeSettings>();
        var counters = sp.GetRequiredService<IngestCounters>();
        var vision = sp.GetRequiredService<VisionService>();
        if (sp.GetRequiredService<ReadModel>().Sensor(id) is not { Decommissioned: false } sensor)
        {
            counters.Reject("unknown_sensor");
            return Results.NotFound(Json.Error($"sensor '{id}' is not registered", Rejected.NotFound));
        }
        var t = DateTimeOffset.UtcNow;
        if (request.Query["t"] is { Count: > 0 } ts && !DateTimeOffset.TryParse(ts.ToString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out t))
        {
            counters.Reject("invalid");
            return Results.BadRequest(Json.Error($"t: '{ts}' is not an ISO-8601 time", Rejected.Invalid));
        }
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        if (body.Length == 0 || body.Length > settings.MaxBodyBytes)
        {
            counters.Reject("invalid");
            return Results.BadRequest(Json.Error("the body must be one JPEG/PNG image", Rejected.Invalid));
        }
        ReadingPayload payload;
        try
        {
            using var image = VisionService.Decode(body.ToArray());
            payload = await VisionReadings.Analyze(vision, id, sensor.Kind, image, t);
        }
        catch (InvalidDataException ex)
        {
            counters.Reject("invalid");
            return Results.BadRequest(Json.Error(ex.Message, Rejected.Invalid));
        }
        catch (NotSupportedException ex)
        {
            counters.Reject("unsupported");
            return Results.Json(Json.Error(ex.Message, Rejected.Invalid), Json.Options, statusCode: StatusCodes.Status422UnprocessableEntity);
        }
        sp.GetRequiredService<IRequiredActor<SensorRegion>>().ActorRef.Tell(new SensorReading(id, t, payload));
        counters.Accepted(1);
        return Results.Json(new JsonObject { ["accepted"] = 1, ["reading"] = VisionReadings.Describe(payload) }, Json.Options, statusCode: StatusCodes.Status202Accepted);
    }

    private static JsonObject Stats(VisionService vision)
    {
        var s = vision.Pool.Stats();
        return new JsonObject
        {
            ["device"] = vision.Pool.Detector.Device.ToString().ToLowerInvariant(),
            ["frames"] = s.Frames,
            ["batches"] = s.Batches,
            ["failures"] = s.Failures,
            ["preprocess_ms"] = Math.Round(s.PreMs, 2),
            ["inference_ms"] = Math.Round(s.InfMs, 2),
            ["postprocess_ms"] = Math.Round(s.PostMs, 2),
        };
    }
}
