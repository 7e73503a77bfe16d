using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Vigil.Actors.Views;
using Vigil.Node.Hosting;
using Vigil.Node.Simulation;

namespace Vigil.Node.Demo;

/// <summary>`vigil demo`: one node on embedded SQLite and a simulated plant feeding it through its own HTTP API.</summary>
public static class DemoRunner
{
    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string> flags)
    {
        var merged = new Dictionary<string, string>(flags);
        merged.TryAdd("port", "0");
        merged.TryAdd("roles", string.Join(",", NodeSettings.KnownRoles));
        var seed = flags.TryGetValue("seed", out var s) && int.TryParse(s, out var n) ? n : Environment.TickCount & 0xffff;
        merged.Remove("seed");
        // The demo is not a deployed configuration: it makes up the admin's password (printed below) and a key
        // for its own simulated devices, so nothing has a default password.
        var password = flags.TryGetValue("admin-password", out var given) ? given : Auth.Passwords.NewToken("", 12);
        merged.Remove("admin-password");
        var feedKey = Auth.Passwords.NewToken("vk_");
        merged["admin-key"] = feedKey;
        var settings = NodeSettings.Resolve(merged);
        var app = VigilHost.Build(settings, quiet: true);
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        await app.StartAsync(cts.Token);
        // SIGTERM stops the host; stop feeding the plant too.
        app.Lifetime.ApplicationStopping.Register(cts.Cancel);
        var baseUrl = app.HttpAddress();
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        http.DefaultRequestHeaders.Add(Auth.AuthMiddleware.ApiKeyHeader, feedKey);
        await WaitReady(http, cts.Token);
        await app.Services.GetRequiredService<Auth.AuthStore>().SetUserAsync(Auth.AuthSetup.AdminUser, Auth.Roles.Admin, password);

        var model = app.Services.GetRequiredService<ReadModel>();
        // Listeners run under the view's lock: hand the line to a printer, so a stalled terminal never holds alarms up.
        var lines = System.Threading.Channels.Channel.CreateUnbounded<string>(new() { SingleReader = true });
        using var printing = model.Listen(c =>
        {
            if (c.Change is "raised" or "escalated")
                lines.Writer.TryWrite($"{DateTime.Now:HH:mm:ss} ALARM {c.Change,-9} {c.Alarm.Id,-28} {Describe(c)}");
        });
        var printer = Task.Run(async () =>
        {
            await foreach (var line in lines.Reader.ReadAllAsync())
                Console.WriteLine(line);
        });

        var sim = new PlantSimulator(new SimulationOptions(Seed: seed, Start: DateTimeOffset.UtcNow, Duration: TimeSpan.FromHours(8), HazardsPerHour: 30));
        var header = sim.ScenarioHeader().Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        await Post(http, "/api/zones", header.Where(o => (string?)o["type"] == "zone"), cts.Token);
        await Post(http, "/api/sensors", header.Where(o => (string?)o["type"] == "sensor"), cts.Token);

        Console.WriteLine($$"""

            Vigil demo is running (seed {{seed}}, data in {{settings.DataDir}}).
              console  {{baseUrl}}/console/   sign in as admin / {{password}}
              API      {{baseUrl}}/api/alarms   {{baseUrl}}/api/sensors   {{baseUrl}}/api/zones   (header X-Api-Key: {{feedKey}})
              live     curl -N -H 'X-Api-Key: {{feedKey}}' {{baseUrl}}/api/alarms/stream
              ack      curl -X POST {{baseUrl}}/api/alarms/ALARM_ID/ack -H 'X-Api-Key: {{feedKey}}' -H 'content-type: application/json' -d '{"by":"you"}'
              health   {{baseUrl}}/health/ready
            Ctrl+C stops it. Alarms as they are raised:

            """);

        var start = DateTimeOffset.UtcNow;
        var batch = new List<string>();
        try
        {
            foreach (var (offset, json) in LiveFeed.Paced(sim))
            {
                var due = start + offset;
                var wait = due - DateTimeOffset.UtcNow;
                if (wait > TimeSpan.FromMilliseconds(50))
                {
                    await Flush(http, batch, cts.Token);
                    await Task.Delay(wait, cts.Token);
                }
                batch.Add(LiveFeed.WithTime(json, due));
                if (batch.Count >= 200)
                    await Flush(http, batch, cts.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        await app.StopAsync(CancellationToken.None);
        lines.Writer.TryComplete();
        await printer;
        return 0;
    }

    private static string Describe(Vigil.Messages.AlarmChanged c)
    {
        var h = c.Alarm.Hazards[0];
        var extra = h.Kmh is { } k ? $" {k:0.#} km/h (limit {h.LimitKmh})" : h.MaxC is { } m ? $" {m:0.#} °C" : "";
        return $"{h.Type} {h.Subject} by {h.SensorId}{extra}; level {c.Alarm.Level}; actuators: {string.Join(", ", c.Alarm.Actuators.Select(a => $"{a.Kind} {a.Action}"))}";
    }

    private static async Task Flush(HttpClient http, List<string> batch, CancellationToken ct)
    {
        if (batch.Count == 0)
            return;
        var body = "[" + string.Join(",", batch) + "]";
        batch.Clear();
        using var response = await http.PostAsync("/api/readings", new StringContent(body, Encoding.UTF8, "application/json"), ct);
        if (!response.IsSuccessStatusCode)
            Console.Error.WriteLine($"demo: readings refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
    }

    private static async Task Post(HttpClient http, string path, IEnumerable<JsonObject> items, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync(path, new JsonArray(items.Select(i => (JsonNode)i.DeepClone()).ToArray()), ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"demo set-up: {path} answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
    }

    private static async Task WaitReady(HttpClient http, CancellationToken ct)
    {
        for (var i = 0; i < 600; i++)
        {
            using var r = await http.GetAsync("/health/ready", ct);
            if (r.IsSuccessStatusCode)
                return;
            await Task.Delay(100, ct);
        }
        throw new InvalidOperationException("the node did not become ready within 60 s");
    }
}
