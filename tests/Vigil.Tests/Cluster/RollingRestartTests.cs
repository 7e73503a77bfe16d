using System.Text;
using System.Text.Json.Nodes;
using Vigil.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Cluster;

/// <summary>Every node of three is stopped gracefully (SIGTERM) and started again, one at a time, while hazards stream in.</summary>
[Collection(NodeProcesses.Collection)]
public sealed class RollingRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(240);

    [Fact]
    public async Task Rolling_restart_of_every_node_keeps_serving_loses_at_most_one_track_in_a_hundred_and_never_alarms_twice()
    {
        await using var pg = await ThrowawayPostgres.StartAsync();
        using var dir = new TempDir();
        var db = "postgres:" + pg.ConnectionString;
        var nodes = Enumerable.Range(0, 3).Select(i => NodeProcess.Plan(Path.Combine(dir.Path, $"n{i}"), db)).ToList();
        var seeds = nodes.Select(n => n.ClusterEndpoint).ToList();
        try
        {
            nodes[0].Start(seeds);
            await nodes[0].WaitReady(Long);
            nodes[1].Start(seeds);
            nodes[2].Start(seeds);
            await Task.WhenAll(nodes[1].WaitReady(Long), nodes[2].WaitReady(Long));

            var cameras = Enumerable.Range(0, 60).Select(i => $"cam-{i:D2}").ToList();
            await Post(nodes[0], "/api/zones", new JsonArray(Enumerable.Range(0, 6).Select(z => (JsonNode)new JsonObject { ["id"] = $"z{z}", ["kind"] = "production" }).ToArray()).ToJsonString());
            await Post(nodes[0], "/api/sensors", new JsonArray(cameras.Select((c, i) => (JsonNode)new JsonObject
            {
                ["id"] = c, ["kind"] = "camera", ["zone"] = $"z{i % 6}", ["config"] = new JsonObject { ["expected_interval_s"] = 3600 },
            }).ToArray()).ToJsonString());

            var stream = new HazardStream();
            var target = nodes[1];
            using var stop = new CancellationTokenSource();
            var streaming = stream.Run(() => target.Http, cameras, stop.Token);
            await Eventually.Until(() => Task.FromResult(stream.Count > 50), Long, "a stream of hazards");

            var restarts = new List<string>();
            for (var i = 0; i < nodes.Count; i++)
            {
                var stoppingAt = DateTime.UtcNow;
                target = nodes[(i + 1) % nodes.Count]; // the stream goes through a node that stays up
                var before = stream.Count;
                await nodes[i].StopGracefullyAsync(Long);
                nodes[i].Start(seeds);
                await nodes[i].WaitReady(Long);
                await Eventually.Until(async () => UpMembers(await target.Cluster()) == 3, Long, $"node {i} back as a member");
                await Eventually.Until(() => Task.FromResult(stream.Count > before + 30), Long, $"the stream flowing after node {i}'s restart");
                restarts.Add($"node {i}: stopping {stoppingAt:HH:mm:ss.fff}, back {DateTime.UtcNow:HH:mm:ss.fff}");
                output.WriteLine($"node {i} restarted; {stream.Count} tracks posted, {stream.FailedPosts} rounds refused so far");
            }
            await stop.CancelAsync();
            await streaming;

            var posted = stream.Snapshot();
            // Readings are at most once: frames in flight to a node at the moment it stops or its shard is handed over
            // are dropped (docs/scale-out.md), and a track can lose enough frames to stay unconfirmed; seen so far: one
            // batch of ten tracks at worst per restart, 0.02-0.12 % of the tracks. So the bar is: no request refused, no
            // hazard alarmed twice, and at most one track in a hundred lost. Hazards the sensors confirmed are not lost:
            // they go with the sensor at hand-off (SensorActorTests).
            var allowed = Math.Max(1, posted.Count / 100);
            Dictionary<(string Sensor, string Subject), int> counts = [];
            int Missing() => posted.Count(p => !counts.ContainsKey((p.Camera, p.Track)));
            await Eventually.Until(async () =>
            {
                counts = await HazardStream.AlarmsPerSubject(target.Http);
                return Missing() <= allowed;
            }, Long, $"an alarm for all but at most {allowed} of the hazards posted during the rolling restart",
                () => HazardStream.DescribeMissing(posted, counts) + "\n" + string.Join("\n", restarts));
            try
            {
                await Eventually.Until(async () =>
                {
                    counts = await HazardStream.AlarmsPerSubject(target.Http);
                    return Missing() == 0;
                }, TimeSpan.FromSeconds(30), "the last alarms");
            }
            catch (TimeoutException)
            {
                // the tracks that lost frames at a hand-off; counted below
            }
            var missing = Missing();
            Assert.True(missing <= allowed, HazardStream.DescribeMissing(posted, counts));
            Assert.All(posted.Where(p => counts.ContainsKey((p.Camera, p.Track))), p => Assert.Equal(1, counts[(p.Camera, p.Track)]));
            Assert.Equal(0, stream.FailedPosts);
            output.WriteLine($"{posted.Count} hazards; {posted.Count - missing} exactly one alarm each, {missing} lost with frames dropped at a hand-off; no round refused");
        }
        catch
        {
            foreach (var n in nodes)
                output.WriteLine($"--- node {n.ClusterPort} ---\n{n.Digest()}");
            throw;
        }
        finally
        {
            foreach (var n in nodes)
                await n.DisposeAsync();
        }
    }

    private static int UpMembers(JsonNode cluster) =>
        cluster["members"]!.AsArray().Count(m => (string?)m!["status"] == "up" && (bool)m["reachable"]!);

    private static async Task Post(NodeProcess node, string path, string body)
    {
        using var r = await node.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(r.IsSuccessStatusCode, $"{path}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }
}
