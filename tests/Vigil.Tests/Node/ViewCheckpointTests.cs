using System.Net;
using Microsoft.Data.Sqlite;
using Vigil.Actors.Views;
using Vigil.Tests.Support;
using Xunit;

namespace Vigil.Tests.Node;

/// <summary>The read-side views checkpoint themselves, so a restarted node does not read the whole journal again.</summary>
public sealed class ViewCheckpointTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    private static readonly string[] Tags = ["alarm", "sensor", "zone"];

    [Fact]
    public async Task Restarted_node_restores_zones_sensors_and_alarms_from_checkpoints_without_reading_the_tagged_journal()
    {
        using var dir = new TempDir();
        var dbFile = Path.Combine(dir.Path, "vigil.db");
        var often = new CheckpointPolicy(1, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
        string alarmId;
        await using (var first = await TestNode.StartAsync(dir.Path, configure: s => s with { ViewCheckpoints = often }))
        {
            alarmId = await Plant.RaiseEscalatedAlarm(first);

            // Each view's newest checkpoint covers every event of its tag written so far.
            await Eventually.Until(() => Task.FromResult(Tags.All(tag => CheckpointOffset(dbFile, tag) is { } at && at >= LastTagged(dbFile, tag))),
                Generous, "checkpoints covering every tagged event",
                () => string.Join(", ", Tags.Select(t => $"{t}: checkpoint {CheckpointOffset(dbFile, t)}, last event {LastTagged(dbFile, t)}")));
        }

        // Take away the tags the views read the journal by: what the restarted node's views show can now only come
        // from the checkpoints. (The entities still recover from their own events, which are untouched.)
        Execute(dbFile, "UPDATE journal SET tags = NULL");

        await using var second = await TestNode.StartAsync(dir.Path);
        var sensors = (await second.GetJson("/api/sensors")).AsArray().Select(s => (string?)s!["id"]).ToList();
        Assert.Equal(["cam-m1", "fl-07", "radar-e1", "th-pit1"], sensors);
        Assert.Equal(4, (await second.GetJson("/api/zones")).AsArray().Count);
        var restored = await second.GetJson($"/api/alarms/{Uri.EscapeDataString(alarmId)}");
        Assert.Equal("raised", (string?)restored["state"]);
        Assert.True((int)restored["level"]! >= 1);
    }

    [Fact]
    public async Task A_checkpoint_that_cannot_be_read_costs_time_not_data()
    {
        using var dir = new TempDir();
        var dbFile = Path.Combine(dir.Path, "vigil.db");
        var often = new CheckpointPolicy(1, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
        await using (var first = await TestNode.StartAsync(dir.Path, configure: s => s with { ViewCheckpoints = often }))
        {
            Assert.Equal(HttpStatusCode.Created, (await first.PostJson("/api/zones", Plant.Zones)).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await first.PostJson("/api/sensors", Plant.Sensors)).StatusCode);
            await Eventually.Until(() => Task.FromResult(CheckpointOffset(dbFile, "sensor") is not null), Generous, "a sensor view checkpoint");
        }

        // A checkpoint written by a node from the future (an unknown manifest): the view reads the whole journal instead.
        Execute(dbFile, "UPDATE snapshot SET manifest = 'view-checkpoint.v99' WHERE persistence_id LIKE 'view-%'");

        await using var second = await TestNode.StartAsync(dir.Path);
        var sensors = (await second.GetJson("/api/sensors")).AsArray().Select(s => (string?)s!["id"]).ToList();
        Assert.Equal(["cam-m1", "fl-07", "radar-e1", "th-pit1"], sensors);
        Assert.Equal(4, (await second.GetJson("/api/zones")).AsArray().Count);
    }

    private static long? CheckpointOffset(string dbFile, string tag) =>
        Scalar(dbFile, $"SELECT MAX(sequence_number) FROM snapshot WHERE persistence_id = '{ProjectionActor.CheckpointId(tag)}'");

    private static long LastTagged(string dbFile, string tag) =>
        Scalar(dbFile, $"SELECT MAX(ordering) FROM journal WHERE tags LIKE '%;{tag};%'") ?? 0;

    private static long? Scalar(string dbFile, string sql)
    {
        using var c = Open(dbFile);
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar() is long v ? v : null;
    }

    private static void Execute(string dbFile, string sql)
    {
        using var c = Open(dbFile);
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static SqliteConnection Open(string dbFile)
    {
        var c = new SqliteConnection($"Data Source={dbFile};Pooling=False;Default Timeout=30");
        c.Open();
        return c;
    }
}
