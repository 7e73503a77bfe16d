using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using Vigil.Node.Hosting;

namespace Vigil.Tests.Support;

/// <summary>A real Vigil node in this process: Kestrel on a free loopback port, a cluster port chosen by the OS, SQLite on disk.</summary>
public sealed class TestNode : IAsyncDisposable
{
    private readonly WebApplication _app;

    public HttpClient Http { get; }
    public string BaseUrl { get; }
    public NodeSettings Settings { get; }

    private TestNode(WebApplication app, NodeSettings settings)
    {
        _app = app;
        Settings = settings;
        BaseUrl = app.HttpAddress();
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
    }

    public IServiceProvider Services => _app.Services;

    /// <summary>The admin API key every test node is started with; <see cref="Http"/> sends it.</summary>
    public const string AdminKey = "vk_test-admin-key-0123456789";

    /// <summary>host:port of this node's cluster endpoint, for another node's seeds.</summary>
    public string ClusterEndpoint => $"127.0.0.1:{Akka.Cluster.Cluster.Get(_app.Services.GetRequiredService<ActorSystem>()).SelfAddress.Port}";

    public static async Task<TestNode> StartAsync(string dataDir, string? dbFile = null, IReadOnlyList<string>? seeds = null, string[]? roles = null, DatabaseSettings? database = null, Func<NodeSettings, NodeSettings>? configure = null)
    {
        var settings = new NodeSettings
        {
            HttpHost = "127.0.0.1", HttpPort = 0, Host = "127.0.0.1", Port = 0,
            Seeds = seeds ?? [], Roles = roles ?? NodeSettings.KnownRoles,
            DataDir = dataDir, Database = database ?? DatabaseSettings.ForSqliteFile(dbFile ?? Path.Combine(dataDir, "vigil.db")),
            MaxBodyBytes = 256 * 1024,
            AdminKey = AdminKey,
        };
        if (configure is not null)
            settings = configure(settings);
        var app = VigilHost.Build(settings, quiet: true);
        await app.StartAsync();
        var node = new TestNode(app, settings);
        await Eventually.Until(async () => (await node.Http.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "node ready");
        return node;
    }

    public async Task<HttpResponseMessage> PostJson(string path, string json) =>
        await Http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public async Task<JsonNode> GetJson(string path)
    {
        using var r = await Http.GetAsync(path);
        r.EnsureSuccessStatusCode();
        return (await r.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Awaits a condition by polling it; never a fixed sleep.</summary>
public static class Eventually
{
    /// <param name="explain">what to add to the timeout's message: the state that was not reached</param>
    public static async Task Until(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<string>? explain = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                    return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                last = ex;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"timed out after {timeout.TotalSeconds:0} s waiting for {what}" + (explain is null ? "" : $"; {explain()}"), last);
    }

    public static async Task<T> Value<T>(Func<Task<T?>> probe, TimeSpan timeout, string what) where T : class
    {
        T? found = null;
        await Until(async () => (found = await probe()) is not null, timeout, what);
        return found!;
    }
}

/// <summary>Reads the alarm server-sent-event stream into a list the test can await.</summary>
public sealed class SseReader : IAsyncDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly List<JsonNode> _events = [];
    private readonly Task _pump;

    public SseReader(HttpClient http, string path = "/api/alarms/stream")
    {
        var connected = new TaskCompletionSource();
        _pump = Task.Run(async () =>
        {
            using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, _cts.Token);
            await using var stream = await response.Content.ReadAsStreamAsync(_cts.Token);
            using var reader = new StreamReader(stream);
            while (!_cts.IsCancellationRequested && await reader.ReadLineAsync(_cts.Token) is { } line)
            {
                if (line.StartsWith(": connected", StringComparison.Ordinal))
                    connected.TrySetResult();
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                    lock (_events)
                        _events.Add(JsonNode.Parse(line["data: ".Length..])!);
            }
        });
        Connected = connected.Task;
    }

    public Task Connected { get; }

    public IReadOnlyList<JsonNode> Events
    {
        get
        {
            lock (_events)
                return _events.ToList();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        try
        {
            await _pump;
        }
        catch (Exception)
        {
            // cancelled
        }
        _cts.Dispose();
    }
}

/// <summary>A temporary folder removed at the end of a test.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("vigil-test-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment on some systems; the OS cleans temp.
        }
    }
}
