using System.Net;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Node.Integration.Mqtt;
using Vigil.Tests.Ingest;
using Vigil.Tests.Node;
using Vigil.Tests.Support;
using Xunit;

namespace Vigil.Tests.Integration;

/// <summary>
/// The hostile corpus through a live node's HTTP API and its MQTT bridge: every input answered (HTTP status with a JSON
/// error, or an MQTT reject message), counted, no 5xx, no actor error or restart, and the node still works afterwards.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class FuzzTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Hostile_input_over_http_and_mqtt_is_answered_counted_and_leaves_the_node_whole()
    {
        var report = new FuzzReport();
        await using var broker = await EmbeddedBroker.StartAsync("127.0.0.1:0");
        using var dir = new TempDir();
        await using var node = await TestNode.StartAsync(dir.Path, configure: s => s with
        {
            Integration = s.Integration with
            {
                Mqtt = s.Integration.Mqtt with { Broker = broker.Endpoint },
                RateLimit = s.Integration.RateLimit with { Enabled = false },
            },
        });
        Assert.Equal(HttpStatusCode.Created, (await node.PostJson("/api/zones", Plant.Zones)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await node.PostJson("/api/sensors", Plant.Sensors)).StatusCode);
        await node.Services.GetRequiredService<MqttBridge>().Connected.WaitAsync(Generous);

        // Any actor that throws logs an Error on the event stream (a restart always does): there must be none.
        var system = node.Services.GetRequiredService<ActorSystem>();
        var errors = new List<string>();
        var watcher = system.ActorOf(Props.Create(() => new ErrorWatcher(errors)));
        system.EventStream.Subscribe(watcher, typeof(Error));
        var sensorsBefore = (await node.GetJson("/api/sensors")).AsArray().Count;

        // HTTP: a few thousand corpus inputs, plus bodies over the size limit.
        var httpCount = 3000 * FuzzReport.Scale;
        foreach (var input in FuzzCorpus.Generate(httpCount, seed: 11, DateTimeOffset.UtcNow))
        {
            using var content = new ByteArrayContent(input.Bytes);
            content.Headers.ContentType = new("application/json");
            using var r = await node.Http.PostAsync("/api/readings", content);
            var status = (int)r.StatusCode;
            Assert.True(status < 500, $"{input.Category} got {status}: {input.Text[..Math.Min(200, input.Text.Length)]}");
            if (status >= 400)
            {
                var body = JsonNode.Parse(await r.Content.ReadAsStringAsync())!;
                Assert.False(string.IsNullOrWhiteSpace((string?)body["error"]), $"{input.Category}: {status} without an error message");
            }
            report.Count("http", input.Category, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        for (var i = 0; i < 5; i++)
        {
            var huge = new string(' ', (int)node.Settings.MaxBodyBytes + 1 + i * 1000) + "{}";
            // As a well-behaved uploader does: Expect 100-continue lets the node refuse before the body is sent.
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/readings") { Content = new StringContent(huge, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.ExpectContinue = true;
            using var r = await node.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
            report.Count("http", "oversized_fields", "413");
        }

        // MQTT: the corpus on each sensor's topic; each input ends either accepted or answered on the rejects topic.
        await using var probe = await MqttProbe.ConnectAsync(broker.Host, broker.Port, "vigil/rejects/#");
        var stats0 = await node.GetJson("/api/stats");
        var mqttCount = 1500 * FuzzReport.Scale;
        var oversized = 3;
        foreach (var input in FuzzCorpus.Generate(1500 * FuzzReport.Scale, seed: 13, DateTimeOffset.UtcNow))
        {
            var topicSensor = input.Sensor is { Length: > 0 } s && !s.Contains('/') && !s.Contains('+') && !s.Contains('#') && !s.Contains('\0') ? s : "ghost";
            await probe.Publish("vigil/readings/" + topicSensor, input.Bytes);
        }
        // Payloads over the size limit (the same limit as HTTP bodies).
        for (var i = 0; i < 3; i++)
            await probe.Publish("vigil/readings/radar-e1", new byte[node.Settings.MaxBodyBytes + 1 + i]);
        mqttCount += 3;
        await Eventually.Until(async () =>
        {
            var stats = await node.GetJson("/api/stats");
            return Accepted(stats) - Accepted(stats0) + probe.Received.Count >= mqttCount;
        }, Generous, "every MQTT input accepted or answered");
        var statsEnd = await node.GetJson("/api/stats");
        report.Count("mqtt", "all", "accepted:" + (Accepted(statsEnd) - Accepted(stats0)));
        foreach (var g in probe.Received.GroupBy(m => (string?)m.Body?["code"] ?? "unparsable"))
            for (var i = 0; i < g.Count(); i++)
                report.Count("mqtt", "all", "rejected:" + g.Key);
        Assert.DoesNotContain(probe.Received, m => m.Body is null || string.IsNullOrWhiteSpace((string?)m.Body["error"]));
        Assert.Equal(oversized, probe.Received.Count(m => (string?)m.Body?["code"] == "too_large"));

        // The node is whole: ready, its sensors intact, no actor error, and a real hazard still raises its alarm.
        Assert.True((await node.Http.GetAsync("/health/ready")).IsSuccessStatusCode);
        Assert.Equal(sensorsBefore, (await node.GetJson("/api/sensors")).AsArray().Count);
        Assert.Equal(HttpStatusCode.Accepted, (await node.PostJson("/api/readings", Plant.Seatbelt(DateTimeOffset.UtcNow))).StatusCode);
        await Eventually.Until(async () => (await node.GetJson("/api/alarms")).AsArray().Any(a => a!["hazards"]!.AsArray().Any(h => (string?)h!["hazard"] == "seatbelt_unfastened")),
            Generous, "a seatbelt alarm after the fuzz");
        lock (errors)
            Assert.Empty(errors);

        report.WriteIfAsked("http");
        WriteMqtt(report, mqttCount);
        Assert.Equal(httpCount + 5, report.Total("http"));
        Assert.Equal(0, report.Total("http", o => o.StartsWith('5')));
    }

    private static long Accepted(JsonNode stats) => (long)stats["readings_accepted"]!;

    private static void WriteMqtt(FuzzReport report, int published)
    {
        if (Environment.GetEnvironmentVariable("VIGIL_FUZZ_REPORT") is not { Length: > 0 } dir)
            return;
        var lines = report.Outcomes("mqtt", "all").OrderBy(o => o, StringComparer.Ordinal).Select(o => o.StartsWith("accepted:", StringComparison.Ordinal)
            ? $"| accepted | {o["accepted:".Length..]} |" : $"| {o} | {report.Of("mqtt", "all", o)} |");
        File.WriteAllText(Path.Combine(dir, "mqtt.md"), $"### mqtt: {published} messages\n\n| outcome | count |\n|---|---:|\n{string.Join("\n", lines)}\n");
    }

    private sealed class ErrorWatcher : ReceiveActor
    {
        public ErrorWatcher(List<string> errors) =>
            Receive<Error>(e =>
            {
                lock (errors)
                    errors.Add($"{e.LogSource}: {e.Message} {e.Cause?.GetType().Name}");
            });
    }
}
