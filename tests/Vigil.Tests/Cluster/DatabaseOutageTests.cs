using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Vigil.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Cluster;

/// <summary>PostgreSQL stops for 30 s while hazards stream in: the node keeps running and nothing confirmed is lost.</summary>
[Collection(NodeProcesses.Collection)]
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Thirty_seconds_without_postgresql_crash_no_node_and_lose_no_confirmed_hazard()
    {
        await using var pg = await ThrowawayPostgres.StartAsync();
        using var dir = new TempDir();
        await using var node = NodeProcess.Plan(Path.Combine(dir.Path, "n0"), "postgres:" + pg.ConnectionString);
        node.Start([node.ClusterEndpoint]);
        try
        {
            await node.WaitReady(Long);
            var cameras = Enumerable.Range(0, 40).Select(i => $"cam-{i:D2}").ToList();
            await Post(node, "/api/zones", """[{"id":"m1","kind":"production"},{"id":"m2","kind":"production"}]""");
            await Post(node, "/api/sensors", new JsonArray(cameras.Select((c, i) => (JsonNode)new JsonObject
            {
                ["id"] = c, ["kind"] = "camera", ["zone"] = i % 2 == 0 ? "m1" : "m2",
                ["config"] = new JsonObject { ["expected_interval_s"] = 3600 },
            }).ToArray()).ToJsonString());

            var stream = new HazardStream();
            using var stop = new CancellationTokenSource();
            var streaming = stream.Run(() => node.Http, cameras, stop.Token);
            await Eventually.Until(() => Task.FromResult(stream.Count > 100), Long, "a stream of hazards");

            var downAt = DateTime.UtcNow;
            await pg.StopServerAsync();
            // The outage is the scenario itself: its length is the point, not a wait for some condition.
            await Task.Delay(Outage);
            Assert.True(node.Running, "the node died while the database was down");
            await pg.StartServerAsync();
            var upAt = DateTime.UtcNow;
            await Eventually.Until(() => Task.FromResult(stream.Snapshot().Any(p => p.At > upAt.AddSeconds(5))), Long, "readings after the outage");
            await stop.CancelAsync();
            await streaming;

            var posted = stream.Snapshot();
            var during = posted.Count(p => p.At >= downAt && p.At <= upAt);
            var watch = Stopwatch.StartNew();
            Dictionary<(string Sensor, string Subject), int> counts = [];
            await Eventually.Until(async () =>
            {
                counts = await HazardStream.AlarmsPerSubject(node.Http);
                return posted.All(p => counts.ContainsKey((p.Camera, p.Track)));
            }, Long, "an alarm for every hazard, including those confirmed while the database was down",
                () => HazardStream.DescribeMissing(posted, counts) + $"\ndatabase down {downAt:HH:mm:ss.fff}, up {upAt:HH:mm:ss.fff}");
            Assert.All(posted, p => Assert.Equal(1, counts[(p.Camera, p.Track)]));
            Assert.True(node.Running);
            await node.WaitReady(Long);
            output.WriteLine($"{posted.Count} hazards, {during} confirmed during the {Outage.TotalSeconds:0} s outage; " +
                $"all persisted as alarms {(DateTime.UtcNow - upAt).TotalSeconds:0.0} s after the database came back");
        }
        catch
        {
            output.WriteLine(node.Digest(8000));
            throw;
        }
    }

    private static async Task Post(NodeProcess node, string path, string body)
    {
        using var r = await node.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(r.IsSuccessStatusCode, $"{path}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }
}
