using System.Net;
using System.Text.Json.Nodes;
using Vigil.Tests.Node;
using Vigil.Tests.Support;
using Xunit;

namespace Vigil.Tests.Integration;

/// <summary>Webhooks against a real loopback receiver: signed, retried with backoff, dead-lettered, never in the alarm's way.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class WebhookTests
{
    private const string Secret = "test-secret-0123456789";
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private static async Task<TestNode> StartNode(TempDir dir, string url, int maxAttempts) =>
        await TestNode.StartAsync(dir.Path, configure: s => s with
        {
            Integration = s.Integration with
            {
                Webhooks = s.Integration.Webhooks with { Urls = [url], Secret = Secret, MaxAttempts = maxAttempts, FirstRetryMs = 50, MaxRetryMs = 200 },
            },
        });

    private static async Task Plant(TestNode node)
    {
        Assert.Equal(HttpStatusCode.Created, (await node.PostJson("/api/zones", Vigil.Tests.Node.Plant.Zones)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await node.PostJson("/api/sensors", Vigil.Tests.Node.Plant.Sensors)).StatusCode);
    }

    [Fact]
    public async Task An_alarm_change_is_posted_signed_and_retried_until_the_receiver_takes_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Secret, failFirst: 2);
        using var dir = new TempDir();
        await using var node = await StartNode(dir, receiver.Url, maxAttempts: 6);
        await Plant(node);

        Assert.Equal(HttpStatusCode.Accepted, (await node.PostJson("/api/readings", Vigil.Tests.Node.Plant.Seatbelt(DateTimeOffset.UtcNow))).StatusCode);

        await Eventually.Until(() => Task.FromResult(receiver.Requests.Any(r => r.Answered == 200 && (string?)r.Body["change"] == "raised"
            && (string?)r.Body["hazards"]![0]!["hazard"] == "seatbelt_unfastened")), Generous, "the seatbelt alarm's delivery taken");
        var all = receiver.Requests.ToList();
        Assert.All(all, r => Assert.True(r.SignatureValid));
        // The first delivery was tried until the receiver took it: two 503s, then the 200, all the same delivery id.
        var first = all.Where(r => r.Delivery == all.Single(x => x.Attempt == 1).Delivery).OrderBy(r => r.Attempt).ToList();
        Assert.Equal([503, 503, 200], first.Select(r => r.Answered));
        Assert.Empty((await node.GetJson("/api/webhooks/dead")).AsArray());
        // The receiver records a request before it answers: the node counts the delivery only once the 200 is back.
        JsonNode? hooks = null;
        await Eventually.Until(async () => (long)(hooks = await node.GetJson("/api/webhooks"))["delivered"]! >= 1,
            Generous, "the delivery counted", () => hooks?.ToJsonString() ?? "no answer");
    }

    [Fact]
    public async Task A_receiver_that_keeps_failing_ends_in_the_dead_letter_list_while_alarms_go_on()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Secret, failFirst: int.MaxValue, failStatus: 500);
        using var dir = new TempDir();
        await using var node = await StartNode(dir, receiver.Url, maxAttempts: 3);
        await Plant(node);

        Assert.Equal(HttpStatusCode.Accepted, (await node.PostJson("/api/readings", Vigil.Tests.Node.Plant.Seatbelt(DateTimeOffset.UtcNow))).StatusCode);
        // Alarm handling does not wait on the receiver: the alarm is there and can be acknowledged while deliveries fail.
        var alarm = await Eventually.Value(async () => (await node.GetJson("/api/alarms")).AsArray().FirstOrDefault(), Generous, "the alarm");
        Assert.Equal(HttpStatusCode.OK, (await node.PostJson($"/api/alarms/{(string)alarm!["id"]!}/ack", """{"by":"ops"}""")).StatusCode);

        // Deliveries are dead-lettered one after the other; other changes (a plant camera that never read going
        // offline, and its escalation) can be dead-lettered before the acknowledgement: wait for that one.
        JsonArray? dead = null;
        await Eventually.Until(async () =>
        {
            dead = (await node.GetJson("/api/webhooks/dead")).AsArray();
            return dead.Count >= 2 && dead.Any(d => (string?)d!["change"] == "acknowledged");
        }, Generous, "two dead letters, one of them the acknowledgement", () => dead?.ToJsonString() ?? "no answer");
        Assert.All(dead!, d =>
        {
            Assert.Equal(3, (int)d!["attempts"]!);
            Assert.Contains("HTTP 500", (string?)d["error"]);
            Assert.Equal(receiver.Url, (string?)d["url"]);
        });
        Assert.Contains(dead!, d => (string?)d!["change"] == "acknowledged");
    }

    [Fact]
    public async Task A_permanent_refusal_is_dead_lettered_at_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Secret, failFirst: int.MaxValue, failStatus: 410);
        using var dir = new TempDir();
        await using var node = await StartNode(dir, receiver.Url, maxAttempts: 6);
        await Plant(node);
        Assert.Equal(HttpStatusCode.Accepted, (await node.PostJson("/api/readings", Vigil.Tests.Node.Plant.Seatbelt(DateTimeOffset.UtcNow))).StatusCode);
        var dead = await Eventually.Value(async () => (await node.GetJson("/api/webhooks/dead")).AsArray().FirstOrDefault(), Generous, "a dead letter");
        Assert.Equal(1, (int)dead!["attempts"]!);
        Assert.Contains("refused", (string?)dead["error"]);
    }

    [Fact]
    public void Signature_is_hmac_sha256_of_timestamp_and_body()
    {
        var body = "{\"a\":1}"u8.ToArray();
        var sig = Vigil.Node.Integration.Webhooks.WebhookSignature.Sign("k", 1700000000, body);
        // Reference value: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac k
        using var h = new System.Security.Cryptography.HMACSHA256("k"u8.ToArray());
        Assert.Equal("sha256=" + Convert.ToHexStringLower(h.ComputeHash("1700000000.{\"a\":1}"u8.ToArray())), sig);
        Assert.True(Vigil.Node.Integration.Webhooks.WebhookSignature.Verify("k", 1700000000, body, sig));
        Assert.False(Vigil.Node.Integration.Webhooks.WebhookSignature.Verify("k", 1700000001, body, sig));
    }
}
