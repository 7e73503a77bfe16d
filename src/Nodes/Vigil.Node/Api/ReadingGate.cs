using System.Text.Json;
using Akka.Actor;
using Vigil.Actors.Metrics;
using Vigil.Actors.Views;
using Vigil.Node.Ingest;

namespace Vigil.Node.Api;

/// <summary>
/// The one gate every live reading passes (HTTP and MQTT): parsed by the scenario parser, checked against the read model,
/// and only then told to its sensor. A refusal carries an HTTP-style status, a reason code and a message naming what was wrong.
/// </summary>
public static class ReadingGate
{
    public readonly record struct Outcome(int Status, string Reason, string Message)
    {
        public bool Accepted => Status == 0;
    }

    /// <summary>
    /// How far ahead of this node's clock a live reading's time may be. Old times are accepted (device clocks drift and
    /// buffered devices send late; each sensor's clock follows its device), but one far-future reading would drag a
    /// sensor's event clock ahead and make every honest reading after it look stale.
    /// </summary>
    public static readonly TimeSpan MaxFuture = TimeSpan.FromHours(24);

    public static Outcome Check(JsonElement element, ReadModel model, IActorRef sensors, string source)
    {
        if (!ScenarioParser.TryParse(element, "reading", out var item, out var parseError) || item is not ReadingItem reading)
            return new(StatusCodes.Status400BadRequest, "invalid", parseError?.Message ?? "not a reading");
        // The view learns a registration made on any node at once (the sensor publishes its status on the
        // cluster topic), so it is the gate: a stray id never starts an entity, which would be remembered.
        if (model.Sensor(reading.SensorId) is not { } sensor)
            return new(StatusCodes.Status404NotFound, "unknown_sensor", $"sensor '{reading.SensorId}' is not registered");
        if (sensor.Decommissioned)
            return new(StatusCodes.Status404NotFound, "unknown_sensor", $"sensor '{reading.SensorId}' is decommissioned");
        if (reading.ToReading() is not { } r)
            return new(StatusCodes.Status422UnprocessableEntity, "unsupported",
                $"sensor '{reading.SensorId}': image readings need the vision pipeline, which this node does not run yet; send detections");
        if (r.Payload.SensorKind != sensor.Kind)
            return new(StatusCodes.Status422UnprocessableEntity, "wrong_kind",
                $"sensor '{reading.SensorId}' is a {sensor.Kind}; a '{r.Payload.Field}' reading is for a {r.Payload.SensorKind}");
        if (reading.T > DateTimeOffset.UtcNow + MaxFuture)
            return new(StatusCodes.Status422UnprocessableEntity, "future_timestamp",
                $"sensor '{reading.SensorId}': t {Json.Time(reading.T)} is more than {MaxFuture.TotalHours:0} h ahead of this node's clock; fix the device's clock");
        sensors.Tell(r);
        VigilMetrics.ReadingsIn.WithLabels(sensor.Kind, source).Inc();
        return new(0, "", "");
    }
}
