using System.Net;
using Vigil.Tests.Support;
using Xunit;

namespace Vigil.Tests.Node;

public sealed class ClusterTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Reading_through_one_node_confirms_on_a_sensor_hosted_by_the_other_and_both_streams_see_the_alarm()
    {
        using var dir = new TempDir();
        var db = Path.Combine(dir.Path, "shared.db");
        // Node A hosts every shard; node B only takes HTTP and ingest, so every sensor and zone it addresses lives on A.
        await using var a = await TestNode.StartAsync(Path.Combine(dir.Path, "a"), db);
        await using var b = await TestNode.StartAsync(Path.Combine(dir.Path, "b"), db, seeds: [a.ClusterEndpoint], roles: ["api", "ingest"]);
        await using var streamA = new SseReader(a.Http);
        await using var streamB = new SseReader(b.Http);
        await Task.WhenAll(streamA.Connected, streamB.Connected).WaitAsync(Generous);

        Assert.Equal(HttpStatusCode.Created, (await b.PostJson("/api/zones", Plant.Zones)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await b.PostJson("/api/sensors", Plant.Sensors)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await b.PostJson("/api/readings", Plant.Overspeed(DateTimeOffset.UtcNow))).StatusCode);

        bool Raised(SseReader s) => s.Events.Any(e => (string?)e["change"] == "raised" && (string?)e["hazards"]![0]!["subject"] == "苏H12345");
        await Eventually.Until(() => Task.FromResult(Raised(streamA) && Raised(streamB)), Generous, "the overspeed alarm on both nodes' streams");

        // A's view learns B's registrations from the shared journal, not only from B's write-through.
        await Eventually.Until(async () => (await a.GetJson("/api/sensors")).AsArray().Count == 4, Generous, "sensors projected on node A");
    }
}
