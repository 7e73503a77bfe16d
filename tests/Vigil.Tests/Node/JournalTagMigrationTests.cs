using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Vigil.Messages;
using Vigil.Messages.Serialization;
using Vigil.Node.Hosting;
using Vigil.Tests.Support;
using Xunit;

namespace Vigil.Tests.Node;

/// <summary>A journal written by an earlier Vigil (tags in the separate tag table) still shows in the views.</summary>
public sealed class JournalTagMigrationTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_journal_with_the_separate_tag_table_is_migrated_and_the_views_see_its_events()
    {
        using var dir = new TempDir();
        var dbFile = Path.Combine(dir.Path, "vigil.db");
        WriteOldJournal(dbFile,
            ("zone-old-hall", ["zone"], new ZoneConfigured("old-hall", ZoneConfig.DefaultFor(ZoneKinds.Production, "old-hall"), T)),
            ("sensor-cam-old", ["sensor"], new SensorRegistered("cam-old", SensorKinds.Camera, "old-hall", SensorConfig.Empty, new ZoneContext(ZoneKinds.Production, null), T)));

        await using (var node = await TestNode.StartAsync(dir.Path))
        {
            Assert.Contains("old-hall", (await node.GetJson("/api/zones")).AsArray().Select(z => (string?)z!["id"]));
            Assert.Contains("cam-old", (await node.GetJson("/api/sensors")).AsArray().Select(s => (string?)s!["id"]));
            // The old sensor's entity recovers from its own events and takes readings.
            var info = await node.GetJson("/api/sensors/cam-old");
            Assert.Equal("old-hall", (string?)info["zone"]);

            // New events are written the new way beside the old ones.
            Assert.Equal(HttpStatusCode.Created, (await node.PostJson("/api/sensors",
                """[{"id":"cam-new","kind":"camera","zone":"old-hall"}]""")).StatusCode);
            await Eventually.Until(async () => (await node.GetJson("/api/sensors")).AsArray().Count == 2, TimeSpan.FromSeconds(30), "both sensors listed");
        }

        using var c = new SqliteConnection($"Data Source={dbFile};Pooling=False");
        c.Open();
        Assert.Equal(0L, Scalar(c, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'tags'"));
        Assert.Equal(1L, Scalar(c, $"SELECT COUNT(*) FROM sqlite_master WHERE name = '{JournalTagMigration.Retired}'"));
        Assert.Equal(0L, Scalar(c, "SELECT COUNT(*) FROM journal WHERE persistence_id LIKE 'sensor-cam-%' AND sequence_number = 1 AND (tags IS NULL OR tags NOT LIKE '%;sensor;%')"));
        // Run again (the next start): nothing left to do.
        Assert.Equal(0, JournalTagMigration.Run(DatabaseSettings.ForSqliteFile(dbFile), _ => { }));
    }

    [Fact]
    public void A_database_that_cannot_be_opened_is_reported_not_thrown()
    {
        var messages = new List<string>();
        var rows = JournalTagMigration.Run(DatabaseSettings.Parse("postgres:Host=127.0.0.1;Port=1;Username=nobody;Timeout=2", Path.GetTempPath()), messages.Add);
        Assert.Equal(-1, rows);
        Assert.Contains(messages, m => m.StartsWith("journal tag migration skipped", StringComparison.Ordinal));
    }

    /// <summary>The schema Akka.Persistence.Sql created with tag-write-mode = TagTable, and events in it.</summary>
    private static void WriteOldJournal(string dbFile, params (string PersistenceId, string[] Tags, IVigilMessage Event)[] events)
    {
        using var c = new SqliteConnection($"Data Source={dbFile};Pooling=False");
        c.Open();
        Execute(c, """
            CREATE TABLE [journal] ([ordering] INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, [created] INTEGER NOT NULL, [deleted] Bit NOT NULL,
              [persistence_id] NVarChar(255) NOT NULL, [sequence_number] INTEGER NOT NULL, [message] VarBinary NOT NULL,
              [manifest] NVarChar(500) NULL, [identifier] INTEGER NULL, [writer_uuid] NVarChar(128) NULL);
            CREATE TABLE [tags] ([ordering_id] INTEGER NOT NULL, [tag] NVarChar(64) NOT NULL, [sequence_nr] INTEGER NOT NULL,
              [persistence_id] NVarChar(255) NOT NULL, CONSTRAINT [PK_tags] PRIMARY KEY ([ordering_id], [tag]));
            """);
        foreach (var (pid, tags, e) in events)
        {
            using var insert = c.CreateCommand();
            insert.CommandText = """
                INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid)
                VALUES ($created, 0, $pid, 1, $message, $manifest, $identifier, 'old-writer');
                SELECT last_insert_rowid();
                """;
            insert.Parameters.AddWithValue("$created", T.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$pid", pid);
            insert.Parameters.AddWithValue("$message", JsonSerializer.SerializeToUtf8Bytes(e, e.GetType(), VigilSerializer.Options));
            insert.Parameters.AddWithValue("$manifest", Manifests.NameOf[e.GetType()]);
            insert.Parameters.AddWithValue("$identifier", VigilSerializer.Id);
            var ordering = (long)insert.ExecuteScalar()!;
            foreach (var tag in tags)
                Execute(c, $"INSERT INTO tags (ordering_id, tag, sequence_nr, persistence_id) VALUES ({ordering}, '{tag}', 1, '{pid}')");
        }
    }

    private static void Execute(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }
}
