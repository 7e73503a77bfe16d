using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Vigil.Node.Hosting;
using Vigil.Tests.Support;
using Xunit;

namespace Vigil.Tests.Node;

public sealed class PersistenceTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Restarted_node_on_the_same_sqlite_file_finds_sensors_open_alarms_and_escalation_levels()
    {
        using var dir = new TempDir();
        await RestartKeepsEverything(dir.Path, DatabaseSettings.ForSqliteFile(Path.Combine(dir.Path, "vigil.db")));
    }

    [Fact]
    public async Task Sqlite_connections_of_the_persistence_plugins_wait_inside_sqlite_for_the_write_lock()
    {
        // Without SQLite's own busy handler, a contended write waits in Microsoft.Data.Sqlite's 150 ms steps
        // (SqliteBusyTimeout): the plugins must open their connections through the interceptor that arms it.
        using var dir = new TempDir();
        var before = SqliteBusyTimeout.Armed;
        await using var node = await TestNode.StartAsync(dir.Path);
        Assert.True((await node.PostJson("/api/zones", """{"id":"armed","kind":"production"}""")).IsSuccessStatusCode);
        Assert.True(SqliteBusyTimeout.Armed > before, "no persistence connection was opened through SqliteBusyTimeout");
    }

    [Fact]
    public async Task Restarted_node_on_postgresql_finds_sensors_open_alarms_and_escalation_levels()
    {
        using var dir = new TempDir();
        await using var postgres = await ThrowawayPostgres.StartAsync();
        await RestartKeepsEverything(dir.Path, DatabaseSettings.Parse("postgres:" + postgres.ConnectionString, dir.Path));
    }

    private static async Task RestartKeepsEverything(string dataDir, DatabaseSettings database)
    {
        string alarmId;
        await using (var first = await TestNode.StartAsync(dataDir, database: database))
        {
            alarmId = await Plant.RaiseEscalatedAlarm(first);
        }

        await using var second = await TestNode.StartAsync(dataDir, database: database);

        var sensors = (await second.GetJson("/api/sensors")).AsArray().Select(s => (string?)s!["id"]).ToList();
        Assert.Equal(["cam-m1", "fl-07", "radar-e1", "th-pit1"], sensors);
        Assert.Equal(4, (await second.GetJson("/api/zones")).AsArray().Count);
        var recovered = await second.GetJson($"/api/alarms/{Uri.EscapeDataString(alarmId)}");
        Assert.Equal("raised", (string?)recovered["state"]);
        Assert.True((int)recovered["level"]! >= 1);
        Assert.Contains(recovered["actuators"]!.AsArray(), a => (string?)a!["kind"] == "siren");

        // The zone entity itself came back (remembered) with the alarm open: it takes commands at once.
        var ack = await second.PostJson($"/api/alarms/{Uri.EscapeDataString(alarmId)}/ack", """{"by":"night-shift"}""");
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        var after = (await ack.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.Equal("acknowledged", (string?)after["state"]);

        // The sensors are live again too: a new reading is fused by the recovered camera entity.
        Assert.Equal(HttpStatusCode.Accepted, (await second.PostJson("/api/readings", Plant.HotSpot(DateTimeOffset.UtcNow))).StatusCode);
        await Eventually.Until(async () => (await second.GetJson("/api/alarms?zone=pit-1")).AsArray().Count > 0, Generous, "hot spot alarm after restart");
    }
}
