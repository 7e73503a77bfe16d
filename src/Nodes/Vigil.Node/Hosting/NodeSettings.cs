using System.Net;
using Akka.Configuration;

namespace Vigil.Node.Hosting;

/// <summary>Everything a node needs to start, from hocon/vigil.conf, then environment variables, then flags.</summary>
public sealed record NodeSettings
{
    public required string HttpHost { get; init; }
    public required int HttpPort { get; init; }
    public required string Host { get; init; }
    public required int Port { get; init; }
    public required IReadOnlyList<string> Seeds { get; init; }
    public required IReadOnlyList<string> Roles { get; init; }
    public required string DataDir { get; init; }
    public required DatabaseSettings Database { get; init; }
    public long MaxBodyBytes { get; init; } = 4 * 1024 * 1024;
    public Integration.IntegrationSettings Integration { get; init; } = Vigil.Node.Integration.IntegrationSettings.Default;

    /// <summary>How many resolved alarms the alarm view keeps besides the open ones; older ones are read from the journal on request.</summary>
    public int KeepResolvedAlarms { get; init; } = Vigil.Actors.Views.ReadModel.DefaultKeepResolved;

    /// <summary>When the read-side views save checkpoints of themselves, so a restart reads only the journal after them.</summary>
    public Vigil.Actors.Views.CheckpointPolicy ViewCheckpoints { get; init; } = Vigil.Actors.Views.CheckpointPolicy.Default;

    /// <summary>The initial admin's password (user "admin"), from --admin-password or VIGIL_ADMIN_PASSWORD; never a default.</summary>
    public string? AdminPassword { get; init; }

    /// <summary>An admin API key every node of a cluster is given (--admin-key or VIGIL_ADMIN_KEY), for scripts and tests.</summary>
    public string? AdminKey { get; init; }

    /// <summary>
    /// Access control off: set only by `vigil run` for a node with no admin at all whose API listens on loopback alone
    /// (a developer's or a script's local node, as the node's command-line contract promises). Every request is then
    /// served as the local admin. A node reachable from the network never runs this way.
    /// </summary>
    public bool OpenOnLoopback { get; init; }

    /// <summary>Whether the HTTP API listens on a loopback address only.</summary>
    public bool HttpIsLoopback => HttpHost is "localhost" || (IPAddress.TryParse(HttpHost, out var ip) && IPAddress.IsLoopback(ip));

    public static readonly string[] KnownRoles = ["sensors", "zones", "api", "ingest"];

    public bool HasRole(string role) => Roles.Contains(role);

    /// <summary>The HOCON files the node loads, from the folder beside the executable.</summary>
    public static string HoconDir => Path.Combine(AppContext.BaseDirectory, "hocon");

    public static Config LoadHocon() =>
        Directory.Exists(HoconDir)
            ? Directory.GetFiles(HoconDir, "*.conf").OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => ConfigurationFactory.ParseString(File.ReadAllText(f)))
                .Aggregate(Config.Empty, (acc, c) => acc.WithFallback(c))
            : throw new InvalidOperationException($"HOCON folder {HoconDir} is missing: the build copies hocon/*.conf there");

    /// <summary>Resolve settings; flags win over environment variables, which win over HOCON. Throws <see cref="ArgumentException"/> naming the bad value.</summary>
    public static NodeSettings Resolve(IReadOnlyDictionary<string, string> flags, Func<string, string?>? env = null)
    {
        env ??= Environment.GetEnvironmentVariable;
        var conf = LoadHocon().GetConfig("vigil");
        string? Pick(string flag, string envName, string key) =>
            flags.TryGetValue(flag, out var f) ? f : env(envName) is { Length: > 0 } e ? e : conf.HasPath(key) ? conf.GetString(key) : null;
        IReadOnlyList<string> PickList(string flag, string envName, string key) =>
            flags.TryGetValue(flag, out var f) || (f = env(envName)!) is { Length: > 0 }
                ? f.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : conf.HasPath(key) ? conf.GetStringList(key).ToList() : [];

        var (httpHost, httpPort) = ParseEndpoint(Pick("http", "VIGIL_HTTP", "http") ?? "127.0.0.1:8080", "--http");
        var host = Pick("host", "VIGIL_HOST", "host") ?? "127.0.0.1";
        var port = ParsePort(Pick("port", "VIGIL_PORT", "port") ?? "4053", "--port");
        var seeds = PickList("seeds", "VIGIL_SEEDS", "seeds");
        foreach (var s in seeds)
            ParseEndpoint(s, "--seeds");
        var roles = PickList("roles", "VIGIL_ROLES", "roles");
        if (roles.Count == 0)
            roles = KnownRoles;
        foreach (var r in roles.Where(r => !KnownRoles.Contains(r)))
            throw new ArgumentException($"--roles: '{r}' is not one of {string.Join(", ", KnownRoles)}");
        var data = Path.GetFullPath(Pick("data", "VIGIL_DATA", "data") ?? "./data");
        var db = DatabaseSettings.Parse(Pick("db", "VIGIL_DB", "db"), data);
        var maxBody = conf.HasPath("max-body-bytes") ? conf.GetLong("max-body-bytes") : 4 * 1024 * 1024;
        return new NodeSettings
        {
            HttpHost = httpHost, HttpPort = httpPort, Host = host, Port = port, Seeds = seeds, Roles = roles,
            DataDir = data, Database = db, MaxBodyBytes = maxBody,
            Integration = Vigil.Node.Integration.IntegrationSettings.Resolve(conf, env),
            AdminPassword = Pick("admin-password", "VIGIL_ADMIN_PASSWORD", "admin-password"),
            AdminKey = Pick("admin-key", "VIGIL_ADMIN_KEY", "admin-key"),
        };
    }

    public static (string Host, int Port) ParseEndpoint(string value, string what)
    {
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || colon == value.Length - 1)
            throw new ArgumentException($"{what}: '{value}' is not HOST:PORT");
        return (value[..colon], ParsePort(value[(colon + 1)..], what));
    }

    private static int ParsePort(string value, string what) =>
        int.TryParse(value, out var p) && p is >= 0 and <= IPEndPoint.MaxPort
            ? p
            : throw new ArgumentException($"{what}: '{value}' is not a port number (0-65535)");
}

/// <summary>Which database holds the journal: an embedded SQLite file or PostgreSQL.</summary>
public sealed record DatabaseSettings(string Provider, string ConnectionString)
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>The in-memory journal: replay only, where nothing must outlive the run.</summary>
    public static readonly DatabaseSettings InMemory = new("memory", "");

    /// <summary>linq2db's provider name for Akka.Persistence.Sql.</summary>
    public string Linq2DbProvider => Provider == Sqlite ? "SQLite.MS" : "PostgreSQL.15";

    public static DatabaseSettings Parse(string? value, string dataDir)
    {
        if (string.IsNullOrWhiteSpace(value))
            return ForSqliteFile(Path.Combine(dataDir, "vigil.db"));
        if (value.StartsWith("sqlite:", StringComparison.Ordinal))
        {
            var path = value["sqlite:".Length..];
            return path.Length == 0 ? throw new ArgumentException("--db: 'sqlite:' needs a file path") : ForSqliteFile(Path.GetFullPath(path));
        }
        if (value.StartsWith("postgres:", StringComparison.Ordinal))
        {
            var cs = value["postgres:".Length..];
            try
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(cs);
            }
            catch (Exception ex)
            {
                throw new ArgumentException($"--db: the PostgreSQL connection string is not valid: {ex.Message}");
            }
            return new DatabaseSettings(Postgres, WithPoolCap(cs));
        }
        throw new ArgumentException($"--db: '{value}' must start with 'sqlite:' or 'postgres:'");
    }

    /// <summary>
    /// Connections one node may hold when the connection string does not say (Npgsql's own default is 100, which is
    /// PostgreSQL's default max_connections: three nodes recovering a failed one's sensors together took them all,
    /// and a restarting node could not connect). Say <c>Maximum Pool Size=N</c> to choose.
    /// </summary>
    public const int DefaultPostgresPoolSize = 30;

    private static string WithPoolCap(string cs)
    {
        if (System.Text.RegularExpressions.Regex.IsMatch(cs, @"(?i)(^|;)\s*max(imum)?\s*pool\s*size\s*="))
            return cs;
        return new Npgsql.NpgsqlConnectionStringBuilder(cs) { MaxPoolSize = DefaultPostgresPoolSize }.ConnectionString;
    }

    public static DatabaseSettings ForSqliteFile(string path) =>
        new(Sqlite, new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString());

    /// <summary>Connection settings as HOCON, each value quoted and escaped (never spliced raw into config text).</summary>
    public string ToHocon()
    {
        if (this == InMemory)
            return """
                akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
                akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
                """;
        var cs = Quote(ConnectionString);
        var provider = Quote(Linq2DbProvider);
        return $$"""
            akka.persistence.journal.sql { connection-string = {{cs}}, provider-name = {{provider}} }
            akka.persistence.snapshot-store.sql { connection-string = {{cs}}, provider-name = {{provider}} }
            akka.persistence.query.journal.sql { connection-string = {{cs}}, provider-name = {{provider}} }
            """;
    }

    /// <summary>Create the SQLite file with write-ahead logging, so readers (the views) never block the journal's writer.</summary>
    public void Prepare()
    {
        if (Provider != Sqlite)
            return;
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(builder.DataSource))!);
        using var c = new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString);
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode=WAL;";
        cmd.ExecuteNonQuery();
    }

    private static string Quote(string s) =>
        "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\r", "\\r") + "\"";
}
