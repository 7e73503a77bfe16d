using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Vigil.Tests.Support;
using Xunit;

namespace Vigil.Tests.Node;

/// <summary>One node for the API tests of this class: starting a node costs seconds.</summary>
public sealed class NodeFixture : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    public TestNode Node { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Node = await TestNode.StartAsync(_dir.Path);
        Assert.Equal(HttpStatusCode.Created, (await Node.PostJson("/api/zones", Plant.Zones)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Node.PostJson("/api/sensors", Plant.Sensors)).StatusCode);
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        _dir.Dispose();
    }
}

public sealed class ApiTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);
    private TestNode Node => fixture.Node;

    private async Task<JsonNode> AlarmFor(string hazard, string? subject = null) =>
        await Eventually.Value(async () =>
        {
            var alarms = (await Node.GetJson("/api/alarms")).AsArray();
            return alarms.FirstOrDefault(a => a!["hazards"]!.AsArray().Any(h =>
                (string?)h!["hazard"] == hazard && (subject is null || (string?)h["subject"] == subject)));
        }, Generous, $"an alarm for {hazard}");

    [Theory]
    [InlineData("no_helmet", "12")]
    [InlineData("zone_intrusion", "31")]
    [InlineData("overspeed", "苏H12345")]
    [InlineData("hot_spot", null)]
    [InlineData("seatbelt_unfastened", null)]
    public async Task Readings_raise_each_first_hazard_as_an_alarm_with_actuator_commands(string hazard, string? subject)
    {
        var now = DateTimeOffset.UtcNow;
        var body = hazard switch
        {
            "no_helmet" => Plant.NoHelmet(now),
            "zone_intrusion" => Plant.Intrusion(now),
            "overspeed" => Plant.Overspeed(now),
            "hot_spot" => Plant.HotSpot(now),
            _ => Plant.Seatbelt(now),
        };
        var response = await Node.PostJson("/api/readings", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var alarm = await AlarmFor(hazard, subject);

        Assert.Equal("raised", (string?)alarm["state"] == "raised" || (string?)alarm["state"] == "acknowledged" ? "raised" : (string?)alarm["state"]);
        // The actuator commands are events of their own after the raise: a view that read the journal may show the
        // alarm a moment before them.
        var id = Uri.EscapeDataString((string)alarm["id"]!);
        List<string?> kinds = [];
        await Eventually.Until(async () =>
        {
            alarm = await Node.GetJson($"/api/alarms/{id}");
            kinds = alarm["actuators"]!.AsArray().Select(a => (string?)a!["kind"]).ToList();
            return kinds.Contains("siren") && kinds.Contains("strobe") && (hazard != "hot_spot" || kinds.Contains("suppression"));
        }, Generous, "the alarm's actuator commands", () => $"actuators [{string.Join(", ", kinds)}]");
        Assert.Contains("siren", kinds);
        Assert.Contains("strobe", kinds);
        if (hazard == "overspeed")
        {
            var h = alarm["hazards"]!.AsArray().First()!;
            Assert.InRange((double)h["kmh"]!, 30.0, 32.0);
        }
        if (hazard == "hot_spot")
        {
            Assert.Contains("suppression", kinds); // 180 °C is critical on a scrap pit
            Assert.Equal(180.0, (double)alarm["hazards"]![0]!["max_c"]!);
        }
    }

    [Fact]
    public async Task Readings_stamped_by_a_device_clock_far_behind_fuse_on_their_own_time()
    {
        Assert.Equal(HttpStatusCode.Created, (await Node.PostJson("/api/sensors", """{"id":"radar-old","kind":"radar","zone":"road-east"}""")).StatusCode);
        // The spec's own example, with its March timestamps, posted live: the plate read must still be matched.
        var body = """
            [{"t":"2026-03-02T08:00:01.200Z","sensor":"radar-old","speed":{"target":"7","kmh":31.2,"lane":1}},
             {"t":"2026-03-02T08:00:01.350Z","sensor":"radar-old","plate":{"text":"苏H99999","conf":0.93,"lane":1}}]
            """;
        Assert.Equal(HttpStatusCode.Accepted, (await Node.PostJson("/api/readings", body)).StatusCode);

        var alarm = await AlarmFor("overspeed", "苏H99999");

        var hazard = alarm["hazards"]![0]!;
        Assert.Equal("2026-03-02T08:00:01.350Z", (string?)hazard["t"]);
        Assert.Equal(31.2, (double)hazard["kmh"]!);
    }

    [Fact]
    public async Task A_lowered_speed_limit_reaches_the_zones_radars_at_once()
    {
        Assert.Equal(HttpStatusCode.Created, (await Node.PostJson("/api/zones", """{"id":"road-west","kind":"road","speed_limit_kmh":40}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Node.PostJson("/api/sensors", """{"id":"radar-w1","kind":"radar","zone":"road-west"}""")).StatusCode);

        // The plant lowers the limit: the radar registered under 40 km/h is reconfigured with 20.
        var lowered = await Node.PostJson("/api/zones", """{"id":"road-west","kind":"road","speed_limit_kmh":20}""");
        Assert.Equal(HttpStatusCode.Created, lowered.StatusCode);
        var answer = (await lowered.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.Equal(["radar-w1"], answer["sensors_reconfigured"]!.AsArray().Select(x => (string?)x));
        Assert.Empty(answer["sensors_not_reconfigured"]!.AsArray());

        // 31 km/h: under the old limit, over the new one.
        var t0 = DateTimeOffset.UtcNow;
        var body = $$$"""
            [{"t":"{{{Plant.T(t0)}}}","sensor":"radar-w1","speed":{"target":"3","kmh":31.0,"lane":1}},
             {"t":"{{{Plant.T(t0.AddMilliseconds(100))}}}","sensor":"radar-w1","speed":{"target":"3","kmh":31.3,"lane":1}},
             {"t":"{{{Plant.T(t0.AddMilliseconds(200))}}}","sensor":"radar-w1","plate":{"text":"苏W20202","conf":0.95,"lane":1}}]
            """;
        Assert.Equal(HttpStatusCode.Accepted, (await Node.PostJson("/api/readings", body)).StatusCode);
        var alarm = await AlarmFor("overspeed", "苏W20202");
        Assert.Equal("road-west", (string?)alarm["zone"]);

        // A change that leaves kind and limit alone (a new escalation ladder, say) does not touch the sensors.
        var same = (await (await Node.PostJson("/api/zones", """{"id":"road-west","kind":"road","speed_limit_kmh":20}""")).Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.Null(same["sensors_reconfigured"]);
    }

    [Fact]
    public async Task Alarm_lifecycle_over_http_with_timeline_and_escalation()
    {
        await using var stream = new SseReader(Node.Http);
        await stream.Connected.WaitAsync(Generous);
        var now = DateTimeOffset.UtcNow;
        var body = Plant.NoHelmet(now).Replace("\"track\":\"12\"", "\"track\":\"77\"");
        Assert.Equal(HttpStatusCode.Accepted, (await Node.PostJson("/api/readings", body)).StatusCode);
        var id = (string)(await AlarmFor("no_helmet", "77"))["id"]!;

        // The zone's ladder escalates after 1 s when nobody acknowledges.
        await Eventually.Until(async () => (int)(await Node.GetJson($"/api/alarms/{Uri.EscapeDataString(id)}"))["level"]! >= 1, Generous, "escalation to level 1");

        var ack = await Node.PostJson($"/api/alarms/{Uri.EscapeDataString(id)}/ack", """{"by":"ana","note":"seen on camera"}""");
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        var again = await Node.PostJson($"/api/alarms/{Uri.EscapeDataString(id)}/ack", """{"by":"ana"}""");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Node.PostJson($"/api/alarms/{Uri.EscapeDataString(id)}/dispatch", """{"by":"ana","patrol":"patrol-2"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Node.PostJson($"/api/alarms/{Uri.EscapeDataString(id)}/resolve", """{"by":"ben","note":"helmet handed out"}""")).StatusCode);

        var alarm = await Node.GetJson($"/api/alarms/{Uri.EscapeDataString(id)}");
        Assert.Equal("resolved", (string?)alarm["state"]);
        var timeline = alarm["timeline"]!.AsArray().Select(t => ((string?)t!["action"], (string?)t["by"])).ToList();
        Assert.Contains(("acknowledged", "ana"), timeline);
        Assert.Contains(("dispatched", "ana"), timeline);
        Assert.Contains(("resolved", "ben"), timeline);
        Assert.Contains(timeline, t => t.Item1 == "escalated");

        await Eventually.Until(() => Task.FromResult(stream.Events.Any(e => (string?)e["id"] == id && (string?)e["change"] == "resolved")), Generous, "resolved on the stream");
        Assert.Contains(stream.Events, e => (string?)e["id"] == id && (string?)e["change"] == "raised");

        var resolvedList = (await Node.GetJson("/api/alarms?state=resolved&zone=moulding-a")).AsArray();
        Assert.Contains(resolvedList, a => (string?)a!["id"] == id);
    }

    [Fact]
    public async Task Sensors_and_zones_are_listed_fetched_and_decommissioned()
    {
        var sensors = (await Node.GetJson("/api/sensors?zone=road-east")).AsArray();
        Assert.Equal("radar-e1", (string?)Assert.Single(sensors)!["id"]);
        Assert.Equal("camera", (string?)(await Node.GetJson("/api/sensors/cam-m1"))["kind"]);
        Assert.Contains((await Node.GetJson("/api/zones")).AsArray(), z => (string?)z!["id"] == "pit-1" && (string?)z["kind"] == "scrap-pit");

        Assert.Equal(HttpStatusCode.Created, (await Node.PostJson("/api/zones", """{"id":"temp-zone","kind":"rooftop"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Node.PostJson("/api/sensors", """{"id":"cam-tmp","kind":"camera","zone":"temp-zone"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Node.Http.DeleteAsync("/api/zones/temp-zone")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Node.Http.DeleteAsync("/api/sensors/cam-tmp")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Node.Http.DeleteAsync("/api/sensors/cam-tmp")).StatusCode);
        var reading = $$$"""{"t":"{{{Plant.T(DateTimeOffset.UtcNow)}}}","sensor":"cam-tmp","detections":[]}""";
        Assert.Equal(HttpStatusCode.NotFound, (await Node.PostJson("/api/readings", reading)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Node.Http.DeleteAsync("/api/zones/temp-zone")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Node.Http.GetAsync("/api/zones/temp-zone")).StatusCode);
    }

    public static TheoryData<string, string, HttpStatusCode, string> BadInputs()
    {
        var t = Plant.T(DateTimeOffset.UtcNow);
        var deep = new string('[', 200) + new string(']', 200);
        return new()
        {
            { "/api/readings", "{\"t\": \"2026", HttpStatusCode.BadRequest, "not valid JSON" },
            { "/api/readings", "", HttpStatusCode.BadRequest, "empty" },
            { "/api/readings", deep, HttpStatusCode.BadRequest, "JSON" },
            { "/api/readings", "42", HttpStatusCode.BadRequest, "must be a reading" },
            { "/api/readings", $$$"""{"t":"{{{t}}}","sensor":"no-such-sensor","speed":{"target":"1","kmh":10,"lane":1}}""", HttpStatusCode.NotFound, "not registered" },
            { "/api/readings", $$$"""{"t":"{{{t}}}","sensor":"radar-e1","thermal":{"w":1,"h":1,"c":[20]}}""", HttpStatusCode.UnprocessableEntity, "radar" },
            { "/api/readings", $$$"""{"t":"{{{t}}}","sensor":"radar-e1","speed":{"target":"1","kmh":"NaN","lane":1}}""", HttpStatusCode.BadRequest, "kmh" },
            { "/api/readings", $$$"""{"t":"{{{t}}}","sensor":"radar-e1","speed":{"target":"1","kmh":1e400,"lane":1}}""", HttpStatusCode.BadRequest, "kmh" },
            { "/api/readings", $$$"""{"t":"{{{t}}}","sensor":"radar-e1","speed":{"target":"1","kmh":-5,"lane":1}}""", HttpStatusCode.BadRequest, "kmh" },
            { "/api/readings", $$$"""{"t":"{{{t}}}","sensor":"th-pit1","thermal":{"w":2,"h":2,"c":[20,20,20]}}""", HttpStatusCode.BadRequest, "c" },
            { "/api/readings", """{"t":"yesterday","sensor":"radar-e1","speed":{"target":"1","kmh":10,"lane":1}}""", HttpStatusCode.BadRequest, "t" },
            { "/api/readings", $$$"""{"t":"{{{t}}}","sensor":"radar-e1"}""", HttpStatusCode.BadRequest, "payload" },
            { "/api/readings", $$$"""{"type":"zone","t":"{{{t}}}","sensor":"radar-e1","speed":{"target":"1","kmh":10,"lane":1}}""", HttpStatusCode.BadRequest, "type" },
            { "/api/sensors", """{"id":"x1","kind":"lidar","zone":"road-east"}""", HttpStatusCode.BadRequest, "lidar" },
            { "/api/sensors", """{"id":"x2","kind":"camera","zone":"nowhere"}""", HttpStatusCode.UnprocessableEntity, "nowhere" },
            { "/api/sensors", """{"id":"bad id!","kind":"camera","zone":"road-east"}""", HttpStatusCode.BadRequest, "id" },
            { "/api/zones", """{"id":"z-x","kind":"moon-base"}""", HttpStatusCode.BadRequest, "moon-base" },
            { "/api/alarms/a-000001@moulding-a/ack", """{"note":"who am i"}""", HttpStatusCode.BadRequest, "by" },
            { "/api/alarms/a-999999@moulding-a/ack", """{"by":"ana"}""", HttpStatusCode.NotFound, "does not exist" },
            { "/api/alarms/garbage/ack", """{"by":"ana"}""", HttpStatusCode.NotFound, "garbage" },
        };
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_gets_a_4xx_that_says_what_was_wrong_and_the_node_stays_healthy(string path, string body, HttpStatusCode expected, string mentions)
    {
        var response = await Node.PostJson(path, body);

        Assert.Equal(expected, response.StatusCode);
        var error = (string?)(await response.Content.ReadFromJsonAsync<JsonNode>())!["error"];
        Assert.NotNull(error);
        Assert.Contains(mentions, error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await Node.Http.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Oversized_body_is_refused_with_413_and_counted()
    {
        var before = (long?)(await Node.GetJson("/api/stats"))["rejected"]!["too_large"] ?? 0;
        var huge = "[" + string.Join(",", Enumerable.Repeat("""{"t":"2026-03-02T08:00:00Z","sensor":"radar-e1","speed":{"target":"1","kmh":10,"lane":1}}""", 5000)) + "]";

        var response = await Node.PostJson("/api/readings", huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than", (string?)(await response.Content.ReadFromJsonAsync<JsonNode>())!["error"]);
        Assert.Equal(before + 1, (long?)(await Node.GetJson("/api/stats"))["rejected"]!["too_large"]);
    }

    [Fact]
    public async Task Batch_with_some_bad_readings_processes_the_good_ones_and_lists_each_refusal()
    {
        var t = Plant.T(DateTimeOffset.UtcNow);
        var body = $$$"""[{"t":"{{{t}}}","sensor":"radar-e1","speed":{"target":"88","kmh":12,"lane":2}},{"t":"{{{t}}}","sensor":"ghost","speed":{"target":"1","kmh":10,"lane":1}}]""";

        var response = await Node.PostJson("/api/readings", body);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var json = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.Equal(1, (int)json["accepted"]!);
        Assert.Equal(1, (int)json["rejected"]![0]!["index"]!);
    }
}
