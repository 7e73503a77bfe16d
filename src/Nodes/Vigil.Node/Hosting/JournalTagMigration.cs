using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Vigil.Node.Hosting;

/// <summary>
/// Vigil's journal keeps each event's tags in the journal row (Akka.Persistence.Sql's <c>Csv</c> tag mode; see
/// hocon/persistence.conf for why). A database written by an earlier Vigil kept them only in the separate
/// <c>tags</c> table: before the actor system starts, this copies them into the journal rows (adding the column on
/// SQLite, whose old journal table lacks it), so the views still find every old event by its tag. It does nothing on
/// a new or already migrated database, and a failure (database away) is logged, never fatal: the node then starts
/// and its views see only what was written in the new mode.
/// </summary>
public static class JournalTagMigration
{
    /// <summary>What the old tags table is renamed to once copied: kept, not dropped, and never read again.</summary>
    public const string Retired = "tags_before_csv";

    /// <returns>how many journal rows got their tags; -1 when the database could not be read</returns>
    public static int Run(DatabaseSettings db, Action<string> log)
    {
        try
        {
            return db.Provider switch
            {
                DatabaseSettings.Sqlite => RunSqlite(db.ConnectionString, log),
                DatabaseSettings.Postgres => RunPostgres(db.ConnectionString, log),
                _ => 0,
            };
        }
        catch (DbException ex)
        {
            log($"journal tag migration skipped: {ex.Message}");
            return -1;
        }
    }

    private static int RunSqlite(string connectionString, Action<string> log)
    {
        using var c = new SqliteConnection(connectionString);
        c.Open();
        if (!Exists(c, null, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'journal'")
            || !Exists(c, null, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tags'"))
            return 0;
        using var tx = c.BeginTransaction();
        if (!Exists(c, tx, "SELECT 1 FROM pragma_table_info('journal') WHERE name = 'tags'"))
            Execute(c, tx, "ALTER TABLE journal ADD COLUMN tags NVarChar(100) NULL");
        var rows = Execute(c, tx, """
            UPDATE journal SET tags = ';' || (SELECT group_concat(t.tag, ';') FROM tags t WHERE t.ordering_id = journal.ordering) || ';'
            WHERE (tags IS NULL OR tags = '') AND ordering IN (SELECT ordering_id FROM tags)
            """);
        Execute(c, tx, $"ALTER TABLE tags RENAME TO {Retired}");
        tx.Commit();
        Report(rows, log);
        return rows;
    }

    private static int RunPostgres(string connectionString, Action<string> log)
    {
        using var c = new NpgsqlConnection(connectionString);
        c.Open();
        if (!Exists(c, null, "SELECT 1 WHERE to_regclass('journal') IS NOT NULL AND to_regclass('tags') IS NOT NULL"))
            return 0;
        // One transaction: a node starting at the same moment blocks, then finds no tags table and skips.
        using var tx = c.BeginTransaction();
        var rows = Execute(c, tx, """
            UPDATE journal j SET tags = ';' || t.agg || ';'
            FROM (SELECT ordering_id, string_agg(tag, ';') AS agg FROM tags GROUP BY ordering_id) t
            WHERE j.ordering = t.ordering_id AND (j.tags IS NULL OR j.tags = '')
            """);
        Execute(c, tx, $"ALTER TABLE tags RENAME TO {Retired}");
        tx.Commit();
        Report(rows, log);
        return rows;
    }

    private static void Report(int rows, Action<string> log)
    {
        if (rows > 0)
            log($"journal tag migration: {rows} events written by an earlier Vigil now carry their tags in the journal row");
    }

    private static bool Exists(DbConnection c, DbTransaction? tx, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd.ExecuteScalar() is not null;
    }

    private static int Execute(DbConnection c, DbTransaction tx, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.CommandTimeout = 600;
        return cmd.ExecuteNonQuery();
    }
}
