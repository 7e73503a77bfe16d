using Akka.Actor;
using Akka.Hosting;
using Vigil.Actors.Views;
using Vigil.Messages;
using Vigil.Node.Hosting;

namespace Vigil.Node.Bench;

/// <summary>An in-process node for the benchmarks: all roles, its own data folder, the database of --db.</summary>
internal sealed class BenchNode : IAsyncDisposable
{
    private readonly WebApplication _app;

    public IActorRef Sensors { get; }
    public IActorRef Zones { get; }
    public ReadModel Model { get; }
    public ActorSystem System { get; }

    private BenchNode(WebApplication app)
    {
        _app = app;
        Sensors = app.Services.GetRequiredService<IRequiredActor<SensorRegion>>().ActorRef;
        Zones = app.Services.GetRequiredService<IRequiredActor<ZoneRegion>>().ActorRef;
        Model = app.Services.GetRequiredService<ReadModel>();
        System = app.Services.GetRequiredService<ActorSystem>();
    }

    public static async Task<BenchNode> StartAsync(string dataDir, string? db)
    {
        var settings = new NodeSettings
        {
            HttpHost = "127.0.0.1", HttpPort = 0, Host = "127.0.0.1", Port = 0, Seeds = [], Roles = NodeSettings.KnownRoles,
            DataDir = dataDir, Database = DatabaseSettings.Parse(db, dataDir),
        };
        var app = VigilHost.Build(settings, quiet: true);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.HttpAddress()) };
        for (var i = 0; i < 1200; i++)
        {
            using var r = await http.GetAsync("/health/ready");
            if (r.IsSuccessStatusCode)
                return new BenchNode(app);
            await Task.Delay(100);
        }
        throw new InvalidOperationException("the bench node did not become ready within 120 s");
    }

    /// <summary>Registers zones of <paramref name="perZone"/> sensors each and the sensors, with bounded parallelism.</summary>
    public async Task RegisterAsync(string kind, int count, string prefix, string zoneKind = ZoneKinds.Production, int perZone = 100)
    {
        var zones = (count + perZone - 1) / perZone;
        await Parallel.ForEachAsync(Enumerable.Range(0, zones), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (z, _) =>
            await AskAsync<Accepted>(Zones, new ConfigureZone($"{prefix}z{z}", ZoneConfig.DefaultFor(zoneKind, $"{prefix}z{z}")), TimeSpan.FromSeconds(60)));
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
            await AskAsync<Accepted>(Sensors, new RegisterSensor(SensorId(prefix, i), kind, $"{prefix}z{i / perZone}",
                new SensorConfig { ExpectedIntervalS = 86_400 }, new ZoneContext(zoneKind, null)), TimeSpan.FromSeconds(120)));
    }

    public static string SensorId(string prefix, int i) => $"{prefix}{i:D6}";

    /// <summary>Waits until every sensor has handled all sent before; returns the hazards they emitted.</summary>
    public async Task<long> BarrierAsync(IReadOnlyList<string> ids)
    {
        long hazards = 0;
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (id, _) =>
            Interlocked.Add(ref hazards, (await AskAsync<SensorFlushed>(Sensors, new FlushSensor(id), TimeSpan.FromSeconds(120))).HazardsEmitted));
        return hazards;
    }

    /// <summary>
    /// Ask with a timeout whose timer is released as soon as the answer is in. Ask(message, timeout) keeps the
    /// timeout's timer, and with it the answer, until the timeout would have passed: in the memory bench that was
    /// 20,000 answers alive for two minutes, about 200 bytes per sensor counted against the node.
    /// </summary>
    public static async Task<T> AskAsync<T>(IActorRef target, object message, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await target.Ask<T>(message, cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
