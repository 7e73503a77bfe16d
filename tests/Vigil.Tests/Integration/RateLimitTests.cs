using System.Net;
using Microsoft.AspNetCore.Http;
using Vigil.Node.Integration;
using Vigil.Node.Integration.Limits;
using Vigil.Tests.Node;
using Vigil.Tests.Support;
using Xunit;

namespace Vigil.Tests.Integration;

/// <summary>Per-device-key rate limits on the API's writes.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class RateLimitTests
{
    private static DefaultHttpContext Request(string method, string path, string? key = null, string ip = "10.0.0.1")
    {
        var c = new DefaultHttpContext();
        c.Request.Method = method;
        c.Request.Path = path;
        c.Connection.RemoteIpAddress = IPAddress.Parse(ip);
        if (key is not null)
            c.Request.Headers[DeviceRateLimit.KeyHeader] = key;
        return c;
    }

    [Fact]
    public void Each_device_key_has_its_own_bucket_and_reads_are_never_limited()
    {
        using var limiter = DeviceRateLimit.CreateLimiter(new RateLimitSettings { PermitsPerSecond = 1, Burst = 3 });
        var granted = Enumerable.Range(0, 10).Count(_ => limiter.AttemptAcquire(Request("POST", "/api/readings", key: "dev-a")).IsAcquired);
        Assert.Equal(3, granted);
        Assert.True(limiter.AttemptAcquire(Request("POST", "/api/readings", key: "dev-b")).IsAcquired);
        // Without a key the remote address is the partition, so one keyless host does not starve another.
        Assert.Equal(3, Enumerable.Range(0, 10).Count(_ => limiter.AttemptAcquire(Request("POST", "/api/readings", ip: "10.0.0.7")).IsAcquired));
        Assert.True(limiter.AttemptAcquire(Request("POST", "/api/readings", ip: "10.0.0.8")).IsAcquired);
        Assert.All(Enumerable.Range(0, 20), _ => Assert.True(limiter.AttemptAcquire(Request("GET", "/api/alarms", key: "dev-a")).IsAcquired));
        Assert.Null(DeviceRateLimit.PartitionOf(Request("POST", "/metrics")));
        Assert.Equal("key:dev-a", DeviceRateLimit.PartitionOf(Request("POST", "/api/readings", key: "dev-a")));
    }

    [Fact]
    public async Task A_device_over_its_budget_gets_429_with_a_json_error_and_it_is_counted()
    {
        using var dir = new TempDir();
        await using var node = await TestNode.StartAsync(dir.Path, configure: s => s with
        {
            Integration = s.Integration with { RateLimit = new RateLimitSettings { PermitsPerSecond = 1, Burst = 5 } },
        });
        var reading = $$$"""{"t":"{{{Plant.T(DateTimeOffset.UtcNow)}}}","sensor":"nobody","speed":{"target":"1","kmh":3,"lane":1}}""";
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 30 && limited is null; i++)
        {
            var r = await node.PostJson("/api/readings", reading);
            statuses.Add(r.StatusCode);
            if (r.StatusCode == HttpStatusCode.TooManyRequests)
                limited = r;
            else
                r.Dispose();
        }
        Assert.NotNull(limited);
        Assert.Contains(HttpStatusCode.NotFound, statuses); // the first ones got through to the gate
        var body = System.Text.Json.Nodes.JsonNode.Parse(await limited!.Content.ReadAsStringAsync())!;
        Assert.Equal("rate_limited", (string?)body["code"]);
        Assert.Contains("per second", (string?)body["error"]);
        Assert.True(limited.Headers.RetryAfter is not null);
        limited.Dispose();
        // Reads still answer, and the refusal was counted.
        var stats = await node.GetJson("/api/stats");
        Assert.True((long)stats["rejected"]!["rate_limited"]! >= 1);
    }
}
