using System.Net;
using Vigil.Tests.Node;
using Vigil.Tests.Support;
using Xunit;

namespace Vigil.Tests.Integration;

/// <summary>/metrics is scraped and parsed as Prometheus text; the counters move with what the node did.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class MetricsTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private static async Task<PrometheusText> Scrape(TestNode node)
    {
        using var r = await node.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.StartsWith("text/plain", r.Content.Headers.ContentType?.MediaType);
        return PrometheusText.Parse(await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_count_readings_rejects_hazards_alarms_latency_and_shards()
    {
        using var dir = new TempDir();
        await using var node = await TestNode.StartAsync(dir.Path);
        Assert.Equal(HttpStatusCode.Created, (await node.PostJson("/api/zones", Plant.Zones)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await node.PostJson("/api/sensors", Plant.Sensors)).StatusCode);
        var before = await Scrape(node);

        Assert.Equal(HttpStatusCode.Accepted, (await node.PostJson("/api/readings", Plant.Seatbelt(DateTimeOffset.UtcNow))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await node.PostJson("/api/readings", "{not json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await node.PostJson("/api/readings",
            """{"t":"2026-03-02T08:00:00Z","sensor":"nobody","speed":{"target":"1","kmh":3,"lane":1}}""")).StatusCode);

        PrometheusText after = null!;
        await Eventually.Until(async () =>
        {
            after = await Scrape(node);
            return after.Value("vigil_alarm_latency_seconds_count", ("type", "seatbelt_unfastened")) > before.Value("vigil_alarm_latency_seconds_count", ("type", "seatbelt_unfastened"))
                && after.Value("vigil_shard_entities", ("region", "sensor")) >= 4
                // sampled after the sensor region's gauges, in the same tick: a scrape can fall in between
                && after.Value("vigil_shards", ("region", "zone")) >= 1;
        }, Generous, "the seatbelt alarm and the shard gauges in /metrics");

        // The registry is process-wide and other test classes run nodes alongside: deltas are at least what this test did.
        Assert.True(after.Value("vigil_readings_total", ("kind", "forklift"), ("source", "http")) - before.Value("vigil_readings_total", ("kind", "forklift"), ("source", "http")) >= 8);
        Assert.True(after.Value("vigil_rejects_total", ("reason", "malformed_json")) > before.Value("vigil_rejects_total", ("reason", "malformed_json")));
        Assert.True(after.Value("vigil_rejects_total", ("reason", "unknown_sensor")) > before.Value("vigil_rejects_total", ("reason", "unknown_sensor")));
        Assert.True(after.Value("vigil_hazards_total", ("type", "seatbelt_unfastened")) > before.Value("vigil_hazards_total", ("type", "seatbelt_unfastened")));
        Assert.True(after.Value("vigil_alarms_total", ("change", "raised"), ("type", "seatbelt_unfastened")) > before.Value("vigil_alarms_total", ("change", "raised"), ("type", "seatbelt_unfastened")));
        Assert.True(after.Value("vigil_journal_write_seconds_count") > 0);
        Assert.True(after.Value("vigil_shards", ("region", "zone")) >= 1);
        Assert.Equal("histogram", after.Types["vigil_alarm_latency_seconds"]);

        // Histogram buckets are cumulative and end in +Inf equal to the count.
        var buckets = after.Named("vigil_alarm_latency_seconds_bucket").Where(s => s.Labels["type"] == "seatbelt_unfastened")
            .OrderBy(s => s.Labels["le"] == "+Inf" ? double.PositiveInfinity : double.Parse(s.Labels["le"], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(buckets.Count > 5);
        for (var i = 1; i < buckets.Count; i++)
            Assert.True(buckets[i].Value >= buckets[i - 1].Value);
        Assert.Equal(after.Value("vigil_alarm_latency_seconds_count", ("type", "seatbelt_unfastened")), buckets[^1].Value);
    }

    [Fact]
    public void Vision_instruments_are_defined_for_the_pipeline_to_record()
    {
        Vigil.Actors.Metrics.VigilMetrics.FramesDropped.WithLabels("cam-test").Inc();
        Vigil.Actors.Metrics.VigilMetrics.Inference.WithLabels("yolo", "cpu").Observe(0.02);
        Assert.True(Vigil.Actors.Metrics.VigilMetrics.FramesDropped.WithLabels("cam-test").Value >= 1);
        Assert.True(Vigil.Actors.Metrics.VigilMetrics.Inference.WithLabels("yolo", "cpu").Count >= 1);
    }
}

/// <summary>Integration tests start nodes, brokers and receivers: one at a time, on a two-core machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IntegrationCollection
{
    public const string Name = "integration";
}
