using Prometheus;

namespace Vigil.Actors.Metrics;

/// <summary>
/// Every Prometheus instrument Vigil records, in one place, served by each node at <c>/metrics</c>.
/// They live in the process-wide default registry: a process hosting several nodes (tests) adds theirs up.
/// </summary>
public static class VigilMetrics
{
    // Latency buckets from 1 ms to 10 s: the seed's bars are 1 s (rooftop), 3 s (production) and 5 s (scrap pits).
    private static readonly double[] LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Readings that passed the edge gate and went to their sensor, by sensor kind and source (http, mqtt).</summary>
    public static readonly Counter ReadingsIn = Prometheus.Metrics.CreateCounter(
        "vigil_readings_total", "Readings accepted at the edge and sent to their sensor.",
        new CounterConfiguration { LabelNames = ["kind", "source"] });

    /// <summary>Input refused at the edge, by reason (invalid, malformed_json, too_large, unknown_sensor, rate_limited, ...).</summary>
    public static readonly Counter Rejects = Prometheus.Metrics.CreateCounter(
        "vigil_rejects_total", "Input refused at the edge, by reason.",
        new CounterConfiguration { LabelNames = ["reason"] });

    /// <summary>Hazards a zone took in (raised an alarm or joined one), by hazard type.</summary>
    public static readonly Counter Hazards = Prometheus.Metrics.CreateCounter(
        "vigil_hazards_total", "Confirmed hazards taken in by zones, by hazard type.",
        new CounterConfiguration { LabelNames = ["type"] });

    /// <summary>Alarm lifecycle changes written by zones, by change (raised, joined, escalated, acknowledged, ...) and the alarm's first hazard type.</summary>
    public static readonly Counter Alarms = Prometheus.Metrics.CreateCounter(
        "vigil_alarms_total", "Alarm changes persisted by zones, by change and hazard type.",
        new CounterConfiguration { LabelNames = ["change", "type"] });

    /// <summary>Seconds from a zone taking in the hazard that raised an alarm to that alarm being persisted and its actuators commanded.</summary>
    public static readonly Histogram AlarmLatency = Prometheus.Metrics.CreateHistogram(
        "vigil_alarm_latency_seconds", "Hazard received by its zone to alarm persisted and actuators commanded.",
        new HistogramConfiguration { LabelNames = ["type"], Buckets = LatencyBuckets });

    /// <summary>Seconds a zone's batch of alarm events took to be written by the journal.</summary>
    public static readonly Histogram JournalWrite = Prometheus.Metrics.CreateHistogram(
        "vigil_journal_write_seconds", "Journal write latency of a zone's alarm events (persist call to confirmation).",
        new HistogramConfiguration { Buckets = LatencyBuckets });

    /// <summary>Video frames dropped (stale or over capacity) before inference, by sensor. Recorded by the vision pipeline.</summary>
    public static readonly Counter FramesDropped = Prometheus.Metrics.CreateCounter(
        "vigil_frames_dropped_total", "Video frames dropped before inference, by sensor.",
        new CounterConfiguration { LabelNames = ["sensor"] });

    /// <summary>Seconds one model inference took, by model and device (cpu, cuda). Recorded by the vision pipeline.</summary>
    public static readonly Histogram Inference = Prometheus.Metrics.CreateHistogram(
        "vigil_inference_seconds", "Time of one model inference, by model and execution device.",
        new HistogramConfiguration { LabelNames = ["model", "device"], Buckets = LatencyBuckets });

    /// <summary>Shards hosted by this node, by region (sensor, zone); refreshed every few seconds.</summary>
    public static readonly Gauge Shards = Prometheus.Metrics.CreateGauge(
        "vigil_shards", "Shards hosted by this node, by region.",
        new GaugeConfiguration { LabelNames = ["region"] });

    /// <summary>Entities (sensors, zones) hosted by this node, by region; refreshed every few seconds.</summary>
    public static readonly Gauge Entities = Prometheus.Metrics.CreateGauge(
        "vigil_shard_entities", "Entities hosted by this node's shards, by region.",
        new GaugeConfiguration { LabelNames = ["region"] });

    /// <summary>Messages received from and published to MQTT, by direction (in, out) and outcome (ok, rejected, failed).</summary>
    public static readonly Counter Mqtt = Prometheus.Metrics.CreateCounter(
        "vigil_mqtt_messages_total", "MQTT messages, by direction and outcome.",
        new CounterConfiguration { LabelNames = ["direction", "outcome"] });

    /// <summary>Webhook delivery attempts, by outcome (delivered, retry, dead_letter).</summary>
    public static readonly Counter Webhooks = Prometheus.Metrics.CreateCounter(
        "vigil_webhook_deliveries_total", "Webhook delivery attempts, by outcome.",
        new CounterConfiguration { LabelNames = ["outcome"] });
}
