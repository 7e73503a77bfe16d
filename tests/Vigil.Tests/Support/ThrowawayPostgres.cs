using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Vigil.Tests.Support;

/// <summary>
/// A PostgreSQL server of its own for one test: initdb into a temporary folder, pg_ctl start on a free loopback
/// port, removed on dispose. The server binaries come from Debian's postgresql package (scripts/test.sh installs it).
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _dir;

    public int Port { get; }
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=vigil;Database=postgres;Pooling=true;Timeout=15";

    private ThrowawayPostgres(string bin, string dir, int port)
    {
        _bin = bin;
        _dir = dir;
        Port = port;
    }

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var bin = FindBin() ?? throw new InvalidOperationException(
            "PostgreSQL's server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin or on PATH; " +
            "scripts/test.sh installs Debian's postgresql package");
        var dir = Path.Combine(Path.GetTempPath(), "vigil-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        if (Environment.IsPrivilegedProcess)
            await Run("chown", ["postgres:postgres", dir], asPostgres: false);
        var port = FreePort();
        var pg = new ThrowawayPostgres(bin, dir, port);
        await Run(Path.Combine(bin, "initdb"), ["-D", Path.Combine(dir, "data"), "-U", "vigil", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"], true);
        await pg.StartServerAsync();
        return pg;
    }

    /// <summary>Starts the server (again) on the same port and data.</summary>
    public Task StartServerAsync() =>
        Run(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_dir, "data"), "-l", Path.Combine(_dir, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -h 127.0.0.1 -k {_dir} -F -c max_connections=200", "start"], true);

    /// <summary>Stops the server at once, as a crash or a network cut would look to its clients.</summary>
    public Task StopServerAsync() =>
        Run(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_dir, "data"), "-m", "immediate", "-w", "stop"], true);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopServerAsync();
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }
        finally
        {
            try
            {
                Directory.Delete(_dir, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean; never fail a test on it.
            }
        }
    }

    private static string? FindBin()
    {
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return debian ?? Environment.GetEnvironmentVariable("PATH")?.Split(':').FirstOrDefault(p => File.Exists(Path.Combine(p, "initdb")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>initdb refuses to run as root: as root, run the server tools as the postgres user.</summary>
    private static async Task Run(string file, IReadOnlyList<string> args, bool asPostgres)
    {
        var psi = asPostgres && Environment.IsPrivilegedProcess
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. args])
            : new ProcessStartInfo(file, args);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.WorkingDirectory = Path.GetTempPath();
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {await stderr} {await stdout}");
    }
}
