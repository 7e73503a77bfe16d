using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using Vigil.Actors.Views;
using Vigil.Node.Api;
using Vigil.Node.Ingest;

namespace Vigil.Node.Integration.Mqtt;

/// <summary>
/// One MQTT message on PREFIX/readings/SENSOR → the API's reading gate. The payload is one reading object of the replay
/// spec; its "sensor" may be left out (the topic names it) but must not contradict the topic.
/// </summary>
public static class MqttIngest
{
    public static ReadingGate.Outcome Accept(string sensorId, ReadOnlySequence<byte> payload, long maxBytes, ReadModel model, IActorRef sensors)
    {
        if (payload.Length == 0)
            return new(400, "malformed_json", $"topic of sensor '{sensorId}': the payload is empty; send one reading object");
        if (payload.Length > maxBytes)
            return new(413, "too_large", $"topic of sensor '{sensorId}': the payload is larger than {maxBytes} bytes");
        var bytes = payload.ToArray();
        // JsonDocument checks UTF-8 only when a string is read; refuse it before any reader can trip on it.
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
            return new(400, "malformed_json", $"topic of sensor '{sensorId}': the payload is not valid UTF-8");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes, ScenarioParser.DocumentOptions);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            return new(400, "malformed_json", $"topic of sensor '{sensorId}': the payload is not valid UTF-8 JSON: {ex.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return new(400, "invalid", $"topic of sensor '{sensorId}': the payload must be one reading object, not {root.ValueKind.ToString().ToLowerInvariant()}");
            if (root.TryGetProperty("sensor", out var named))
            {
                if (named.ValueKind != JsonValueKind.String || named.GetString() != sensorId)
                    return new(400, "invalid", $"topic of sensor '{sensorId}': the payload's \"sensor\" ({named.GetRawText()}) does not match the topic");
                return ReadingGate.Check(root, model, sensors, "mqtt");
            }
            var withSensor = JsonObject.Create(root)!;
            withSensor["sensor"] = sensorId;
            var element = JsonSerializer.SerializeToElement(withSensor);
            return ReadingGate.Check(element, model, sensors, "mqtt");
        }
    }
}
