using System.Net;
using System.Text.Json.Nodes;
using Vigil.Tests.Support;
using Xunit;

namespace Vigil.Tests.Node;

/// <summary>The alarm view keeps open alarms and the newest resolved ones; an older alarm is still there by id.</summary>
public sealed class AlarmRetentionTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_resolved_alarm_beyond_the_views_retention_is_still_served_by_id_from_the_journal()
    {
        using var dir = new TempDir();
        await using var node = await TestNode.StartAsync(dir.Path, configure: s => s with { KeepResolvedAlarms = 1 });
        Assert.Equal(HttpStatusCode.Created, (await node.PostJson("/api/zones", Plant.Zones)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await node.PostJson("/api/sensors", Plant.Sensors)).StatusCode);
        var t0 = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.Accepted, (await node.PostJson("/api/readings", Plant.NoHelmet(t0))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await node.PostJson("/api/readings", Plant.Overspeed(t0))).StatusCode);
        var helmet = await AlarmOf(node, "moulding-a");
        var overspeed = await AlarmOf(node, "road-east");

        foreach (var id in new[] { helmet, overspeed })
        {
            using var r = await node.PostJson($"/api/alarms/{Uri.EscapeDataString(id)}/resolve", """{"by":"night-shift","note":"checked"}""");
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        // Only the newest resolved alarm stays in the view's listing... (The view also hears of both alarms from the
        // cluster topic and the journal, after the API's own write-through: until those have caught up, an evicted
        // alarm can show again for a moment and push the other out. So both are awaited together.)
        JsonArray? listed = null;
        await Eventually.Until(async () =>
        {
            listed = (await node.GetJson("/api/alarms")).AsArray();
            return !listed.Any(a => (string?)a!["id"] == helmet) && listed.Any(a => (string?)a!["id"] == overspeed);
        }, Generous, "the older resolved alarm gone from the listing and the newer one in it",
            () => string.Join(", ", listed?.Select(a => $"{a!["id"]} {a["state"]}") ?? []));
        Assert.Contains(listed!, a => (string?)a!["id"] == overspeed);

        // ...but the older one, asked for by id, comes back whole from its zone's journal.
        JsonNode? old = null;
        await Eventually.Until(async () => (string?)(old = await node.GetJson($"/api/alarms/{Uri.EscapeDataString(helmet)}"))["state"] == "resolved",
            Generous, "the older alarm served resolved by id", () => old?.ToJsonString() ?? "no answer");
        Assert.Equal("resolved", (string?)old!["state"]);
        Assert.Equal("no_helmet", (string?)old["hazards"]![0]!["hazard"]);
        Assert.Contains(old["timeline"]!.AsArray(), e => (string?)e!["by"] == "night-shift");

        using var missing = await node.Http.GetAsync("/api/alarms/a-999999%40moulding-a");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static async Task<string> AlarmOf(TestNode node, string zone)
    {
        var alarm = await Eventually.Value(async () => (await node.GetJson($"/api/alarms?zone={zone}")).AsArray().FirstOrDefault(), Generous, $"an alarm in {zone}");
        return (string)alarm!["id"]!;
    }
}
