using System.Text.Json;
using System.Text.Json.Nodes;
using OpenCvSharp;
using Vigil.Messages;
using Vigil.Node.Ingest;
using Vigil.Vision.Pipeline;

namespace Vigil.Node.Vision;

/// <summary>Image readings (scenario <c>image</c> payloads, posted images) turned into the readings the sensor engines consume.</summary>
public static class VisionReadings
{
    public static async Task<ReadingPayload> Analyze(VisionService vision, string sensorId, string sensorKind, Mat image, DateTimeOffset t) => sensorKind switch
    {
        SensorKinds.Camera => await vision.AnalyzeCameraImage(sensorId, image, t),
        SensorKinds.Forklift => vision.AnalyzeDriverImage(image),
        _ => throw new NotSupportedException($"sensor '{sensorId}' is a {sensorKind}; images are read for cameras (and forklift cab cameras)"),
    };

    /// <summary>A scenario image reading: the path is relative to the scenario file.</summary>
    public static async Task<SensorReading> FromScenario(VisionService vision, string sensorId, string sensorKind, string imagePath, DateTimeOffset t, string scenarioDir, int line)
    {
        var path = Path.IsPathRooted(imagePath) ? imagePath : Path.Combine(scenarioDir, imagePath);
        try
        {
            using var image = VisionService.Load(path);
            return new SensorReading(sensorId, t, await Analyze(vision, sensorId, sensorKind, image, t));
        }
        catch (Exception ex) when (ex is InvalidDataException or NotSupportedException)
        {
            throw new ScenarioFormatException(line, $"image: {ex.Message}");
        }
    }

    public static JsonNode? Describe(ReadingPayload payload) => JsonSerializer.SerializeToNode(payload, payload.GetType(), Vigil.Node.Api.Json.Options);
}
