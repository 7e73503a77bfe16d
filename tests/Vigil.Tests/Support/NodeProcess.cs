using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Vigil.Tests.Support;

/// <summary>A Vigil node as its own OS process (the built `vigil` next to the tests), so a test can kill -9 it.</summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    public int HttpPort { get; }
    public int ClusterPort { get; }
    public string DataDir { get; }
    public HttpClient Http { get; }
    public string ClusterEndpoint => $"127.0.0.1:{ClusterPort}";

    private readonly string _db;
    private readonly string _roles;

    private NodeProcess(int httpPort, int clusterPort, string dataDir, string db, string roles)
    {
        HttpPort = httpPort;
        ClusterPort = clusterPort;
        DataDir = dataDir;
        _db = db;
        _roles = roles;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", TestNode.AdminKey);
    }

    /// <summary>Picks free ports now, so the cluster's seed list can be written before any node starts.</summary>
    public static NodeProcess Plan(string dataDir, string db, string roles = "sensors,zones,api,ingest") =>
        new(FreePort(), FreePort(), dataDir, db, roles);

    /// <summary>Starts (or restarts, on the same ports and data) the node.</summary>
    public void Start(IReadOnlyList<string> seeds)
    {
        var vigil = Path.Combine(AppContext.BaseDirectory, "vigil.dll");
        var psi = new ProcessStartInfo("dotnet",
        [
            vigil, "run", "--http", $"127.0.0.1:{HttpPort}", "--host", "127.0.0.1", "--port", ClusterPort.ToString(),
            "--seeds", string.Join(",", seeds), "--roles", _roles, "--data", DataDir, "--db", _db, "--admin-key", TestNode.AdminKey,
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        _process?.Dispose();
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
        {
            // Keep the newest 2 MB: a failing test wants the end of a long run, not its first minutes.
            if (_output.Length > 2_000_000)
                _output.Remove(0, 1_000_000);
            _output.AppendLine(line);
        }
    }

    /// <summary>
    /// The last <paramref name="maxChars"/> characters of the node's output without the routine lines a busy node prints
    /// by the thousand (actuators switched on, escalation steps), so a failing test shows the node's warnings and errors.
    /// </summary>
    public string Digest(int maxChars = 6000)
    {
        var kept = string.Join('\n', Output.Split('\n').Where(l =>
            !l.Contains("/user/actuators]", StringComparison.Ordinal) && !l.Contains(" escalated to level ", StringComparison.Ordinal)));
        return kept.Length > maxChars ? kept[^maxChars..] : kept;
    }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public bool Running => _process is { HasExited: false };

    /// <summary>kill -9: no coordinated shutdown, no goodbye to the cluster.</summary>
    public async Task KillAsync()
    {
        _process!.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM: the host's coordinated shutdown leaves the cluster and hands its shards over.</summary>
    public async Task StopGracefullyAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process!.Id.ToString()]))
            await kill.WaitForExitAsync();
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
    }

    public async Task WaitReady(TimeSpan timeout) =>
        await Eventually.Until(async () =>
        {
            if (_process is { HasExited: true })
                throw new InvalidOperationException($"node on {HttpPort} exited: {Output[^Math.Min(4000, Output.Length)..]}");
            using var r = await Http.GetAsync("/health/ready");
            return r.IsSuccessStatusCode;
        }, timeout, $"node on {HttpPort} ready");

    public async Task<JsonNode> Cluster() => (await Http.GetFromJsonAsync<JsonNode>("/api/cluster"))!;

    public async ValueTask DisposeAsync()
    {
        if (Running)
        {
            _process!.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        Http.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
