using Vigil.Node.Hosting;

namespace Vigil.Node.Cli;

/// <summary>The `vigil` command line: run, demo, replay.</summary>
public static class VigilCli
{
    public const string Usage = """
        Vigil — plant-safety sensor fusion on Akka.NET

        usage:
          vigil run [--http HOST:PORT] [--host HOST] [--port N] [--seeds HOST:PORT,...] [--roles R,...] [--data DIR] [--db DB]
                    [--admin-password PASSWORD] [--admin-key KEY]
              a cluster node. --db is sqlite:PATH (default: DIR/vigil.db) or postgres:<Npgsql connection string>.
              A node whose API is reachable from the network needs an initial admin on its first run: --admin-password
              (user 'admin', at least 8 characters) and/or --admin-key (an admin API key for X-Api-Key, at least 16
              characters); there is no default password. A node on loopback only (the default) with no admin at all
              runs with access control off, and says so.
              Environment: VIGIL_HTTP, VIGIL_HOST, VIGIL_PORT, VIGIL_SEEDS, VIGIL_ROLES, VIGIL_DATA, VIGIL_DB,
              VIGIL_ADMIN_PASSWORD, VIGIL_ADMIN_KEY; integrations and limits (VIGIL_MQTT_*, VIGIL_WEBHOOK_*,
              VIGIL_RATE_LIMIT*, VIGIL_REMOTE_*, VIGIL_LOG_FORMAT): see docs/operations.md.
          vigil demo [--http HOST:PORT] [--data DIR] [--seed N] [--admin-password PASSWORD]
              one node, embedded SQLite, a simulated plant generating readings and occasional hazards; prints the
              console's address and a generated admin password (unless one is given).
          vigil status [--api HOST:PORT] [--api-key KEY]
              members, roles, reachability, and the shards and sensors each node hosts (asks one node's API).
          vigil bench throughput [--sensors N] [--readings N] [--seconds S] [--nodes N] [--db DB]
          vigil bench memory [--sensors N] [--db DB] [--hold-s S]
          vigil bench recovery [--sensors N] [--events N] [--db DB]
          vigil bench vision [--device cpu|cuda] [--cameras 1,4,16] [--seconds S] (see docs/vision.md)
              benchmarks that print figures (see docs/scale-out.md).
          vigil replay SCENARIO --out HAZARDS
              replays a scenario file (JSON Lines) through the same actors on event time and writes one
              JSON line per confirmed hazard.
          vigil eval SCENARIO --labels LABELS [--out HAZARDS] | vigil eval --hazards HAZARDS --labels LABELS
              replays (or reads hazards) and scores them against a labels file: the per-type table (docs/fusion.md).
          vigil simulate --out DIR [--hours H] [--seed N] [--rate R] [--cameras N] [--start T]
              writes a labelled simulated plant: DIR/scenario.jsonl and DIR/labels.jsonl.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        try
        {
            var (positional, flags) = ParseFlags(args[1..]);
            return args[0] switch
            {
                "run" => await RunNode(flags),
                "demo" => await Demo.DemoRunner.RunAsync(flags),
                "replay" => await Replay.ReplayCommand.RunAsync(positional, flags),
                "eval" => await Eval.EvalCommand.RunAsync(positional, flags),
                "simulate" => await Simulation.SimulateCommand.RunAsync(flags),
                "status" => await StatusCommand.RunAsync(flags),
                "bench" => await Bench.BenchCommand.RunAsync(positional, flags),
                _ => Fail($"unknown verb '{args[0]}'"),
            };
        }
        catch (ArgumentException ex)
        {
            return Fail(ex.Message);
        }
        catch (IOException ex) when (AddressInUse(ex))
        {
            return Fail($"cannot listen: {ex.Message} (another node on this port? pick another with --http or --port)");
        }
        catch (Exception ex) when (args[0] == "bench")
        {
            // A benchmark that cannot finish (an ask timed out, a node never got ready) says so in one line: its
            // figures so far are already printed, and a stack trace would only bury them.
            return Fail($"bench {string.Join(' ', args[1..Math.Min(2, args.Length)])} did not finish: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static async Task<int> RunNode(IReadOnlyDictionary<string, string> flags)
    {
        var settings = await Auth.AuthSetup.RequireAdminAsync(NodeSettings.Resolve(flags));
        var app = VigilHost.Build(settings);
        await app.StartAsync();
        Console.WriteLine($"Vigil node up: API {app.HttpAddress()}, cluster {settings.Host}:{settings.Port}, roles {string.Join(",", settings.Roles)}, db {settings.Database.Provider}");
        await app.WaitForShutdownAsync();
        return 0;
    }

    private static bool AddressInUse(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse })
                return true;
        return false;
    }

    public static (IReadOnlyList<string> Positional, IReadOnlyDictionary<string, string> Flags) ParseFlags(string[] args)
    {
        var positional = new List<string>();
        var flags = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                var name = args[i][2..];
                var eq = name.IndexOf('=');
                if (eq > 0)
                    flags[name[..eq]] = name[(eq + 1)..];
                else if (i + 1 < args.Length)
                    flags[name] = args[++i];
                else
                    throw new ArgumentException($"--{name} needs a value");
            }
            else
                positional.Add(args[i]);
        }
        return (positional, flags);
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"vigil: {message}");
        Console.Error.WriteLine("run 'vigil --help' for usage");
        return 2;
    }
}
