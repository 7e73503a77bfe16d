using System.Text.Json.Nodes;
using Vigil.Node.Hosting;

namespace Vigil.Node.Cli;

/// <summary>`vigil status [--api HOST:PORT]`: the cluster as one node's API sees it, as a table.</summary>
public static class StatusCommand
{
    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string> flags)
    {
        var defaults = flags.ContainsKey("api") ? null : NodeSettings.Resolve(new Dictionary<string, string>());
        var api = flags.TryGetValue("api", out var a) ? a : $"{defaults!.HttpHost}:{defaults.HttpPort}";
        NodeSettings.ParseEndpoint(api, "--api");
        using var http = new HttpClient { BaseAddress = new Uri($"http://{api}"), Timeout = TimeSpan.FromSeconds(15) };
        // The API checks every call: any key with the viewer role or above (--api-key, else VIGIL_API_KEY, else VIGIL_ADMIN_KEY).
        if ((flags.TryGetValue("api-key", out var k) ? k : Environment.GetEnvironmentVariable("VIGIL_API_KEY") ?? Environment.GetEnvironmentVariable("VIGIL_ADMIN_KEY")) is { Length: > 0 } key)
            http.DefaultRequestHeaders.Add(Auth.AuthMiddleware.ApiKeyHeader, key);
        JsonNode status;
        try
        {
            status = JsonNode.Parse(await http.GetStringAsync("/api/cluster"))!;
        }
        catch (HttpRequestException ex)
        {
            Console.Error.WriteLine($"vigil: no node answers at {api}: {ex.Message}");
            return 1;
        }
        Console.WriteLine($"{"member",-36} {"status",-8} {"reach",-5} {"roles",-26} {"sensor shards",13} {"sensors",8} {"zone shards",11} {"zones",6}");
        foreach (var m in status["members"]!.AsArray())
        {
            var address = (string)m!["address"]! + ((bool)m["leader"]! ? " (leader)" : "");
            Console.WriteLine($"{address,-36} {(string?)m["status"],-8} {((bool)m["reachable"]! ? "yes" : "NO"),-5} {string.Join(",", m["roles"]!.AsArray().Select(r => (string?)r)),-26} " +
                $"{(int?)m["sensor_shards"],13} {(int?)m["sensors"],8} {(int?)m["zone_shards"],11} {(int?)m["zones"],6}");
        }
        if (!(bool)status["stats_complete"]!)
            Console.WriteLine("(some shard regions did not answer in time: their counts are missing)");
        return 0;
    }
}
