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
[Collection(NodeProcesses.Collection)]
public sealed class FailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(180);
    private const int Sensors = 1000;
    private const int Zones = 10;

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
            var stream = new HazardStream();
            using var stop = new CancellationTokenSource();
            var cameras = Enumerable.Range(0, Sensors).Where(i => i % 4 == 0).Select(SensorId).ToList();
            var streaming = stream.Run(() => ingest.Http, cameras, stop.Token);

            await Eventually.Until(() => Task.FromResult(stream.Count > 200), Long, "a stream of hazards");
            var beforeKill = await Alarms(ingest);
            var killedAt = DateTime.UtcNow;
            await victim.KillAsync();
            output.WriteLine($"killed at {killedAt:O} with {stream.Count} tracks posted and {beforeKill.Count} alarms listed");

            // Every registered sensor alive again on the survivors; downing time recorded on the way.
            var watch = Stopwatch.StartNew();
            TimeSpan? downedAfter = null;
            await Eventually.Until(async () =>
            {
                var c = await ingest.Cluster();
                if (downedAfter is null && c["members"]!.AsArray().All(m => !((string)m!["address"]!).EndsWith($":{victimPort}", StringComparison.Ordinal)))
                    downedAfter = watch.Elapsed;
                return UpMembers(c) == 2 && Hosted(c).Sensors == Sensors && Hosted(c).Zones == Zones;
            }, Long, "all sensors and zones hosted by the survivors");
            var backAfter = watch.Elapsed;
            output.WriteLine($"victim removed from the cluster {downedAfter?.TotalSeconds:0.0} s after the kill; all {Sensors} sensors and " +
                $"{Zones} zones live on the survivors {backAfter.TotalSeconds:0.0} s after the kill ({(backAfter - (downedAfter ?? backAfter)).TotalSeconds:0.0} s after removal)");
            var recoveredAt = DateTime.UtcNow;

            await Eventually.Until(() => Task.FromResult(stream.Snapshot().Any(p => p.At > recoveredAt.AddSeconds(3))), Long, "tracks after recovery");
            await stop.CancelAsync();
            await streaming;

            // Every alarm listed before the kill is still there, exactly once; so is every hazard posted well before
            // the kill and every one posted after the survivors took over.
            var mustHave = stream.Snapshot().Where(p => p.At < killedAt.AddSeconds(-3) || p.At > recoveredAt.AddSeconds(1)).ToList();
            Dictionary<(string Sensor, string Subject), int> counts = [];
            await Eventually.Until(async () =>
            {
                counts = await HazardStream.AlarmsPerSubject(ingest.Http);
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
                output.WriteLine($"--- node {n.ClusterPort} ---\n{n.Digest()}");
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

}
