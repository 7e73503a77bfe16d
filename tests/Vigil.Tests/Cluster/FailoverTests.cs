using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Vigil.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Cluster;

/// <summary>Three node processes on one throw-away PostgreSQL; the busiest is killed with kill -9 mid-stream.</summary>
public sealed class FailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(180);
    private const int Sensors = 1000;
    private const int Zones = 10;

    private sealed record Posted(string Camera, string Track, DateTime At);

    [Fact]
    public async Task Killing_the_busiest_node_loses_no_sensor_and_no_confirmed_alarm_and_it_can_rejoin()
    {
        await using var pg = await ThrowawayPostgres.StartAsync();
        using var dir = new TempDir();
        var db = "postgres:" + pg.ConnectionString;
        var nodes = Enumerable.Range(0, 3).Select(i => NodeProcess.Plan(Path.Combine(dir.Path, $"n{i}"), db)).ToList();
        var seeds = nodes.Select(n => n.ClusterEndpoint).ToList();
        try
        {
            // The first node creates the tables; the others join it.
            nodes[0].Start(seeds);
            await nodes[0].WaitReady(Long);
            nodes[1].Start(seeds);
            nodes[2].Start(seeds);
            await Task.WhenAll(nodes[1].WaitReady(Long), nodes[2].WaitReady(Long));
            await Eventually.Until(async () => UpMembers(await nodes[0].Cluster()) == 3, Long, "three members up");

            await Register(nodes[1]);
            await Eventually.Until(async () => Hosted(await nodes[1].Cluster()).Sensors == Sensors, Long, "every sensor entity started");

            var cluster = await nodes[0].Cluster();
            var victimPort = cluster["members"]!.AsArray()
                .OrderByDescending(m => (int?)m!["sensor_shards"] + (int?)m["zone_shards"])
                .Select(m => new Uri(((string)m!["address"]!).Replace("akka.tcp://vigil@", "tcp://")).Port).First();
            var victim = nodes.Single(n => n.ClusterPort == victimPort);
            var survivors = nodes.Where(n => n != victim).ToList();
            var ingest = survivors[0];
            output.WriteLine($"victim: node on cluster port {victimPort}; hosting {Describe(cluster)}");

            // Stream readings that confirm hazards (a new no-helmet track on ten cameras every 100 ms) through a survivor.
            var posted = new List<Posted>();
            using var stop = new CancellationTokenSource();
            var streaming = Stream(ingest, posted, stop.Token);

            await Eventually.Until(() => Task.FromResult(Count(posted) > 200), Long, "a stream of hazards");
            var beforeKill = await Alarms(ingest);
            var killedAt = DateTime.UtcNow;
            await victim.KillAsync();
            output.WriteLine($"killed at {killedAt:O} with {Count(posted)} tracks posted and {beforeKill.Count} alarms listed");

            // Every registered sensor alive again on the survivors.
            var watch = Stopwatch.StartNew();
            await Eventually.Until(async () =>
            {
                var c = await ingest.Cluster();
                return UpMembers(c) == 2 && Hosted(c).Sensors == Sensors && Hosted(c).Zones == Zones;
            }, Long, "all sensors and zones hosted by the survivors");
            var backAfter = watch.Elapsed;
            var recoveredAt = DateTime.UtcNow;
            output.WriteLine($"all {Sensors} sensors and {Zones} zones live on the survivors {backAfter.TotalSeconds:0.0} s after the kill");

            await Eventually.Until(() => Task.FromResult(posted.Any(p => p.At > recoveredAt.AddSeconds(3))), Long, "tracks after recovery");
            await stop.CancelAsync();
            await streaming;

            // Every alarm listed before the kill is still there, exactly once; so is every hazard posted well before
            // the kill and every one posted after the survivors took over.
            List<Posted> mustHave;
            lock (posted)
                mustHave = posted.Where(p => p.At < killedAt.AddSeconds(-3) || p.At > recoveredAt.AddSeconds(1)).ToList();
            Dictionary<(string, string), int> counts = [];
            await Eventually.Until(async () =>
            {
                var alarms = await Alarms(ingest);
                counts = alarms
                    .SelectMany(a => a["hazards"]!.AsArray().Select(h => ((string)h!["sensor"]!, (string?)h["subject"] ?? "")).Distinct())
                    .GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());
                return mustHave.All(p => counts.ContainsKey((p.Camera, p.Track)));
            }, Long, "an alarm for every hazard confirmed before the kill and after the take-over");
            Assert.All(mustHave, p => Assert.Equal(1, counts[(p.Camera, p.Track)]));
            Assert.All(beforeKill, a => Assert.Equal(1, counts.GetValueOrDefault(Key(a))));

            // Escalations that fell due during the outage fired (ladder: 8 s).
            var openBefore = beforeKill.Where(a => (string?)a["state"] == "raised").Select(a => (string)a["id"]!).ToList();
            await Eventually.Until(async () =>
            {
                var now = (await Alarms(ingest)).ToDictionary(a => (string)a["id"]!);
                return openBefore.All(id => (int)now[id]["level"]! >= 1);
            }, Long, "escalation of every alarm open before the kill");

            // The killed node rejoins on its old address and takes its share again.
            victim.Start(seeds);
            await victim.WaitReady(Long);
            await Eventually.Until(async () => UpMembers(await ingest.Cluster()) == 3, Long, "the killed node back as a member");
            output.WriteLine($"after rejoin: {Describe(await ingest.Cluster())}");
        }
        catch
        {
            foreach (var n in nodes)
                output.WriteLine($"--- node {n.ClusterPort} ---\n{Tail(n.Output)}");
            throw;
        }
        finally
        {
            foreach (var n in nodes)
                await n.DisposeAsync();
        }
    }

    private static (string, string) Key(JsonNode alarm)
    {
        var h = alarm["hazards"]![0]!;
        return ((string)h["sensor"]!, (string?)h["subject"] ?? "");
    }

    private static int Count(List<Posted> posted)
    {
        lock (posted)
            return posted.Count;
    }

    private static async Task Register(NodeProcess node)
    {
        var zones = new JsonArray(Enumerable.Range(0, Zones).Select(i => (JsonNode)new JsonObject
        {
            ["id"] = $"z{i}", ["kind"] = "production",
            ["escalation"] = new JsonArray(new JsonObject { ["after_s"] = 8, ["notify"] = "supervisor" }),
        }).ToArray());
        await PostOk(node, "/api/zones", zones.ToJsonString());
        string[] kinds = ["camera", "radar", "thermal", "forklift"];
        for (var batch = 0; batch < Sensors; batch += 100)
        {
            var sensors = new JsonArray(Enumerable.Range(batch, 100).Select(i => (JsonNode)new JsonObject
            {
                ["id"] = SensorId(i), ["kind"] = kinds[i % 4], ["zone"] = $"z{i % Zones}",
                ["config"] = new JsonObject { ["expected_interval_s"] = 3600 },
            }).ToArray());
            await PostOk(node, "/api/sensors", sensors.ToJsonString());
        }
    }

    private static string SensorId(int i) => $"{new[] { "cam", "radar", "th", "fl" }[i % 4]}-{i:D4}";

    private static async Task Stream(NodeProcess node, List<Posted> posted, CancellationToken ct)
    {
        var round = 0;
        var cameras = Enumerable.Range(0, Sensors).Where(i => i % 4 == 0).Select(SensorId).ToList();
        while (!ct.IsCancellationRequested)
        {
            var t0 = DateTimeOffset.UtcNow;
            var batch = new StringBuilder("[");
            var tracks = new List<Posted>();
            for (var c = 0; c < 10; c++)
            {
                var camera = cameras[(round * 10 + c) % cameras.Count];
                var track = $"r{round}";
                for (var f = 0; f < 3; f++)
                {
                    if (batch.Length > 1) batch.Append(',');
                    batch.Append($$$"""{"t":"{{{t0.AddMilliseconds(200 * f).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}}}","sensor":"{{{camera}}}","detections":[{"cls":"person","box":[800,100,90,240],"conf":0.9,"track":"{{{track}}}","helmet":false}]}""");
                }
                tracks.Add(new Posted(camera, track, DateTime.UtcNow));
            }
            batch.Append(']');
            try
            {
                using var r = await node.Http.PostAsync("/api/readings", new StringContent(batch.ToString(), Encoding.UTF8, "application/json"), ct);
                if (r.StatusCode == HttpStatusCode.Accepted)
                    lock (posted)
                        posted.AddRange(tracks);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // the node is busy with the take-over; this round's tracks are not counted as posted
            }
            round++;
            try
            {
                await Task.Delay(100, ct); // pacing of the load generator, not a wait for a condition
            }
            catch (TaskCanceledException)
            {
            }
        }
    }

    private static async Task<List<JsonNode>> Alarms(NodeProcess node) =>
        (await node.Http.GetFromJsonAsync<JsonArray>("/api/alarms?limit=10000"))!.Select(a => a!).ToList();

    private static async Task PostOk(NodeProcess node, string path, string body)
    {
        using var r = await node.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(r.IsSuccessStatusCode, $"{path}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }

    private static int UpMembers(JsonNode cluster) =>
        cluster["members"]!.AsArray().Count(m => (string?)m!["status"] == "up" && (bool)m["reachable"]!);

    private static (int Sensors, int Zones) Hosted(JsonNode cluster) =>
        (cluster["members"]!.AsArray().Sum(m => (int?)m!["sensors"] ?? 0), cluster["members"]!.AsArray().Sum(m => (int?)m!["zones"] ?? 0));

    private static string Describe(JsonNode cluster) => string.Join("; ", cluster["members"]!.AsArray().Select(m =>
        $"{m!["address"]} {m["status"]} sensors {m["sensors"]} in {m["sensor_shards"]} shards, zones {m["zones"]}"));

    private static string Tail(string s) => s.Length > 6000 ? s[^6000..] : s;
}
