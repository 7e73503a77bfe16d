using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Vigil.Node.Hosting;

namespace Vigil.Node.Auth;

/// <summary>A user as the admin page lists it (never with its hash).</summary>
public sealed record UserInfo(string Name, string Role, DateTimeOffset CreatedAt);

/// <summary>An API key as the admin page lists it: its id (the first characters of the key) and name, never the key.</summary>
public sealed record KeyInfo(string Id, string Name, string Role, DateTimeOffset CreatedAt);

/// <summary>
/// Users, API keys, sign-in sessions and the patrol roster, in three small tables of the node's own database
/// (the journal's SQLite file or PostgreSQL). They are not event-sourced: they are configuration that every node
/// of a cluster must read at once, and the shared database already gives that. Hashes only (PBKDF2 for
/// passwords, SHA-256 for random keys and session tokens). Lookups are cached for a few seconds, so a request
/// costs no database round trip; a revoked key or session on another node stops working within that time.
/// </summary>
public sealed class AuthStore : IDisposable
{
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly DatabaseSettings _db;
    private readonly SqliteConnection? _keepAlive;
    private readonly string _connectionString;
    private readonly ConcurrentDictionary<string, (Caller? Caller, DateTime Until)> _cache = new();
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    public AuthStore(DatabaseSettings db)
    {
        _db = db;
        if (db.Provider == DatabaseSettings.Postgres || db.Provider == DatabaseSettings.Sqlite)
            _connectionString = db.ConnectionString;
        else
        {
            // The in-memory journal (replay): a private shared-cache SQLite database that lives as long as this store.
            _connectionString = $"Data Source=vigil-auth-{Guid.NewGuid():N};Mode=Memory;Cache=Shared";
            _keepAlive = new SqliteConnection(_connectionString);
            _keepAlive.Open();
        }
    }

    private bool IsPostgres => _db.Provider == DatabaseSettings.Postgres;

    private async Task<DbConnection> OpenAsync()
    {
        DbConnection c = IsPostgres ? new NpgsqlConnection(_connectionString) : new SqliteConnection(_connectionString);
        await c.OpenAsync();
        if (!_schemaReady)
            await EnsureSchema(c);
        return c;
    }

    private async Task EnsureSchema(DbConnection c)
    {
        await _schemaLock.WaitAsync();
        try
        {
            if (_schemaReady)
                return;
            const string ddl = """
                CREATE TABLE IF NOT EXISTS vigil_users (name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL, created_at TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS vigil_api_keys (id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, key_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS vigil_sessions (token_hash TEXT PRIMARY KEY, user_name TEXT NOT NULL, expires_at TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS vigil_patrols (name TEXT PRIMARY KEY, members TEXT NOT NULL, created_at TEXT NOT NULL);
                """;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await Exec(c, ddl);
                    break;
                }
                catch (DbException) when (attempt < 5)
                {
                    // Several nodes may create the tables at once; PostgreSQL then refuses all but one.
                    await Task.Delay(200 * attempt);
                }
            }
            _schemaReady = true;
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    private static async Task<int> Exec(DbConnection c, string sql, params (string, object?)[] args)
    {
        await using var cmd = Command(c, sql, args);
        return await cmd.ExecuteNonQueryAsync();
    }

    private static DbCommand Command(DbConnection c, string sql, (string Name, object? Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    private async Task<List<object?[]>> Query(string sql, params (string, object?)[] args)
    {
        await using var c = await OpenAsync();
        await using var cmd = Command(c, sql, args);
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await r.ReadAsync())
        {
            var row = new object?[r.FieldCount];
            for (var i = 0; i < row.Length; i++)
                row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    private async Task<int> Execute(string sql, params (string, object?)[] args)
    {
        await using var c = await OpenAsync();
        return await Exec(c, sql, args);
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("O");

    // ---------------- users ----------------

    /// <summary>Creates a user, or sets the role and password of an existing one.</summary>
    public async Task SetUserAsync(string name, string role, string password)
    {
        CheckName(name, "user name");
        CheckRole(role, allowDevice: false);
        if (password.Length < 8)
            throw new ArgumentException("a password needs at least 8 characters");
        await Execute("""
            INSERT INTO vigil_users (name, role, password_hash, created_at) VALUES (@n, @r, @h, @t)
            ON CONFLICT (name) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash
            """, ("@n", name), ("@r", role), ("@h", Passwords.Hash(password)), ("@t", Now()));
        _cache.Clear();
    }

    /// <summary>Creates a user only when none has that name (for the configured initial admin).</summary>
    public async Task<bool> AddUserIfMissingAsync(string name, string role, string password)
    {
        if (password.Length < 8)
            throw new ArgumentException("the admin password needs at least 8 characters");
        return await Execute("INSERT INTO vigil_users (name, role, password_hash, created_at) VALUES (@n, @r, @h, @t) ON CONFLICT (name) DO NOTHING",
            ("@n", name), ("@r", role), ("@h", Passwords.Hash(password)), ("@t", Now())) > 0;
    }

    public async Task<IReadOnlyList<UserInfo>> UsersAsync() =>
        (await Query("SELECT name, role, created_at FROM vigil_users ORDER BY name"))
        .Select(r => new UserInfo((string)r[0]!, (string)r[1]!, DateTimeOffset.Parse((string)r[2]!))).ToList();

    public async Task<bool> DeleteUserAsync(string name)
    {
        var n = await Execute("DELETE FROM vigil_users WHERE name = @n", ("@n", name));
        await Execute("DELETE FROM vigil_sessions WHERE user_name = @n", ("@n", name));
        _cache.Clear();
        return n > 0;
    }

    public async Task<bool> HasAdminAsync() =>
        (await Query("SELECT 1 FROM vigil_users WHERE role = 'admin' UNION ALL SELECT 1 FROM vigil_api_keys WHERE role = 'admin'")).Count > 0;

    /// <summary>Checks a password; on success starts a session and returns its token (for the cookie).</summary>
    public async Task<(string Token, Caller Caller)?> SignInAsync(string name, string password)
    {
        var rows = await Query("SELECT role, password_hash FROM vigil_users WHERE name = @n", ("@n", name));
        if (rows.Count == 0)
        {
            // Same work as a real check, so timing does not tell which names exist.
            Passwords.Verify(password, "pbkdf2-sha256$210000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
            return null;
        }
        if (!Passwords.Verify(password, (string)rows[0][1]!))
            return null;
        var token = Passwords.NewToken("vs_");
        await Execute("INSERT INTO vigil_sessions (token_hash, user_name, expires_at) VALUES (@h, @n, @e)",
            ("@h", Passwords.Digest(token)), ("@n", name), ("@e", (DateTimeOffset.UtcNow + SessionLifetime).ToString("O")));
        return (token, new Caller(name, (string)rows[0][0]!, Caller.Session));
    }

    public async Task SignOutAsync(string token)
    {
        var digest = Passwords.Digest(token);
        _cache.TryRemove("s:" + digest, out _);
        await Execute("DELETE FROM vigil_sessions WHERE token_hash = @h", ("@h", digest));
    }

    public Task<Caller?> SessionAsync(string token) => Cached("s:" + Passwords.Digest(token), async digest =>
    {
        var rows = await Query("""
            SELECT u.name, u.role, s.expires_at FROM vigil_sessions s JOIN vigil_users u ON u.name = s.user_name
            WHERE s.token_hash = @h
            """, ("@h", digest[2..]));
        return rows.Count == 1 && DateTimeOffset.Parse((string)rows[0][2]!) > DateTimeOffset.UtcNow
            ? new Caller((string)rows[0][0]!, (string)rows[0][1]!, Caller.Session)
            : null;
    });

    // ---------------- API keys ----------------

    /// <summary>Creates a key and returns it; only its digest is stored, so this is the one time it can be read.</summary>
    public async Task<(string Key, KeyInfo Info)> CreateKeyAsync(string name, string role)
    {
        CheckName(name, "key name");
        CheckRole(role, allowDevice: true);
        var key = Passwords.NewToken("vk_");
        var info = new KeyInfo(key[..10], name, role, DateTimeOffset.UtcNow);
        await Execute("INSERT INTO vigil_api_keys (id, name, role, key_hash, created_at) VALUES (@i, @n, @r, @h, @t)",
            ("@i", info.Id), ("@n", name), ("@r", role), ("@h", Passwords.Digest(key)), ("@t", Now()));
        return (key, info);
    }

    /// <summary>Adds a key given from outside (the --admin-key flag); the same key given to every node is stored once.</summary>
    public async Task AddKeyIfMissingAsync(string key, string name, string role)
    {
        if (key.Length < 16)
            throw new ArgumentException("the admin key needs at least 16 characters");
        await Execute("INSERT INTO vigil_api_keys (id, name, role, key_hash, created_at) VALUES (@i, @n, @r, @h, @t) ON CONFLICT DO NOTHING",
            ("@i", "cfg-" + Passwords.Digest(key)[..8]), ("@n", name), ("@r", role), ("@h", Passwords.Digest(key)), ("@t", Now()));
    }

    public async Task<IReadOnlyList<KeyInfo>> KeysAsync() =>
        (await Query("SELECT id, name, role, created_at FROM vigil_api_keys ORDER BY created_at"))
        .Select(r => new KeyInfo((string)r[0]!, (string)r[1]!, (string)r[2]!, DateTimeOffset.Parse((string)r[3]!))).ToList();

    public async Task<bool> RevokeKeyAsync(string id)
    {
        var n = await Execute("DELETE FROM vigil_api_keys WHERE id = @i", ("@i", id));
        _cache.Clear();
        return n > 0;
    }

    public Task<Caller?> KeyAsync(string key) => Cached("k:" + Passwords.Digest(key), async digest =>
    {
        var rows = await Query("SELECT name, role FROM vigil_api_keys WHERE key_hash = @h", ("@h", digest[2..]));
        return rows.Count == 1 ? new Caller((string)rows[0][0]!, (string)rows[0][1]!, Caller.Key) : null;
    });

    // ---------------- patrol roster ----------------

    public async Task<IReadOnlyList<(string Name, string Members)>> PatrolsAsync() =>
        (await Query("SELECT name, members FROM vigil_patrols ORDER BY name")).Select(r => ((string)r[0]!, (string)r[1]!)).ToList();

    public async Task SetPatrolAsync(string name, string members)
    {
        CheckName(name, "patrol name");
        if (members.Length > 500)
            throw new ArgumentException("'members' is longer than 500 characters");
        await Execute("INSERT INTO vigil_patrols (name, members, created_at) VALUES (@n, @m, @t) ON CONFLICT (name) DO UPDATE SET members = excluded.members",
            ("@n", name), ("@m", members), ("@t", Now()));
    }

    public async Task<bool> DeletePatrolAsync(string name) => await Execute("DELETE FROM vigil_patrols WHERE name = @n", ("@n", name)) > 0;

    // ---------------- helpers ----------------

    private async Task<Caller?> Cached(string key, Func<string, Task<Caller?>> load)
    {
        var now = DateTime.UtcNow;
        if (_cache.TryGetValue(key, out var hit) && hit.Until > now)
            return hit.Caller;
        var caller = await load(key);
        if (_cache.Count > 10_000)
            _cache.Clear();
        _cache[key] = (caller, now + CacheFor);
        return caller;
    }

    private static void CheckName(string name, string what)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 64 || !name.All(ch => char.IsLetterOrDigit(ch) || ch is '-' or '_' or '.' or '@'))
            throw new ArgumentException($"{what} '{name}' must be 1-64 letters, digits, '-', '_', '.' or '@'");
    }

    private static void CheckRole(string role, bool allowDevice)
    {
        if (!Roles.All.Contains(role) || (!allowDevice && role == Roles.Device))
            throw new ArgumentException($"role '{role}' is not one of {string.Join(", ", allowDevice ? Roles.All : [Roles.Viewer, Roles.Operator, Roles.Admin])}");
    }

    public void Dispose() => _keepAlive?.Dispose();
}
