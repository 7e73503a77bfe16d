using System.Diagnostics;
using Akka.Cluster;

namespace Vigil.Node.Bench;

/// <summary>Extra node processes (`vigil run`, roles sensors and zones) joined to a bench node, for multi-node figures.</summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    private readonly List<Process> _processes = [];

    public static async Task<BenchCluster> JoinAsync(BenchNode node, int count, string dataDir, string? db)
    {
        var cluster = new BenchCluster();
        if (count == 0)
            return cluster;
        var self = Cluster.Get(node.System);
        var seed = $"127.0.0.1:{self.SelfAddress.Port}";
        var vigil = Path.Combine(AppContext.BaseDirectory, "vigil.dll");
        // `vigil run` refuses to start without an initial admin; these nodes only host shards, so a throw-away key does.
        var adminKey = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        for (var i = 0; i < count; i++)
        {
            var psi = new ProcessStartInfo("dotnet",
            [
                vigil, "run", "--http", "127.0.0.1:0", "--host", "127.0.0.1", "--port", "0", "--seeds", seed,
                "--roles", "sensors,zones", "--data", Path.Combine(dataDir, $"n{i + 1}"), "--db", db!, "--admin-key", adminKey,
            ])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            var p = Process.Start(psi)!;
            p.OutputDataReceived += (_, e) => Keep(output, e.Data);
            p.ErrorDataReceived += (_, e) => Keep(output, e.Data);
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            cluster._processes.Add(p);
        }
        var watch = Stopwatch.StartNew();
        while (self.State.Members.Count(m => m.Status == MemberStatus.Up) < count + 1)
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(120) || cluster._processes.Any(p => p.HasExited))
                throw new InvalidOperationException($"only {self.State.Members.Count} members joined " +
                    $"({cluster._processes.Count(p => p.HasExited)} node processes exited); their last lines:\n{string.Join("\n", output)}");
            await Task.Delay(100);
        }
        return cluster;
    }

    private static void Keep(System.Collections.Concurrent.ConcurrentQueue<string> lines, string? line)
    {
        if (line is null)
            return;
        lines.Enqueue(line);
        while (lines.Count > 40)
            lines.TryDequeue(out _);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _processes)
        {
            if (!p.HasExited)
                p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
            p.Dispose();
        }
    }
}
