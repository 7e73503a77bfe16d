using System.Data.Common;
using Akka.Persistence.Sql.Config;
using LinqToDB;
using LinqToDB.Interceptors;

namespace Vigil.Node.Hosting;

/// <summary>
/// SQLite lets one writer at a time; the journal, the snapshot store and the remember-entities store write through
/// connections of their own. When a write finds the file locked, Microsoft.Data.Sqlite retries in steps of 150 ms,
/// blocking its thread meanwhile: every contended write cost at least 150 ms (the demo's alarms were 0.15–0.7 s late
/// under load). With SQLite's own busy handler armed on each connection, a writer waits inside SQLite in steps of
/// 1–100 ms for the lock instead, and the 150 ms step is hardly ever reached.
/// </summary>
public sealed class SqliteBusyTimeout : ConnectionInterceptor
{
    /// <summary>How long a statement waits for the lock inside SQLite before Microsoft.Data.Sqlite's retries take over.</summary>
    public const int Milliseconds = 5_000;

    private const string Pragma = "PRAGMA busy_timeout = 5000;";

    public static readonly string[] PluginIds =
        ["akka.persistence.journal.sql", "akka.persistence.snapshot-store.sql", "akka.persistence.query.journal.sql"];

    /// <summary>The Akka.Persistence.Sql setup that gives each SQL plugin a SQLite connection with the busy handler armed.</summary>
    public static MultiDataOptionsSetup Setup(string connectionString)
    {
        var setup = new MultiDataOptionsSetup();
        foreach (var plugin in PluginIds)
            setup.AddDataOptions(plugin, new DataOptions()
                .UseConnectionString(ProviderName.SQLiteMS, connectionString)
                .UseInterceptor(new SqliteBusyTimeout()));
        return setup;
    }

    private static long _armed;

    /// <summary>Connections armed since the process started (what the tests check the plugins really use this).</summary>
    public static long Armed => Interlocked.Read(ref _armed);

    public override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection)
    {
        Interlocked.Increment(ref _armed);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = Pragma;
        cmd.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _armed);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = Pragma;
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
