using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Vigil.Node.Api;

namespace Vigil.Node.Integration.Limits;

/// <summary>
/// A token bucket per device key on the API's writes (POST, PUT, DELETE under /api): the X-Api-Key header's value, or the
/// remote address for a caller without one. Reads (the console, /metrics, health) are never limited. A refusal is a 429
/// with a JSON error and Retry-After, counted under reason rate_limited.
/// </summary>
public static class DeviceRateLimit
{
    public const string KeyHeader = "X-Api-Key";

    /// <summary>The partition a request falls in, or null when it is not limited.</summary>
    public static string? PartitionOf(HttpContext context)
    {
        var r = context.Request;
        if (HttpMethods.IsGet(r.Method) || HttpMethods.IsHead(r.Method) || HttpMethods.IsOptions(r.Method) || !r.Path.StartsWithSegments("/api"))
            return null;
        var key = r.Headers[KeyHeader].ToString();
        return key.Length > 0 ? "key:" + key : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    public static PartitionedRateLimiter<HttpContext> CreateLimiter(RateLimitSettings s) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context => PartitionOf(context) is { } partition
            ? RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = s.Burst,
                // Refilled ten times a second so a device's budget returns smoothly, not in one lump each second.
                TokensPerPeriod = Math.Max(1, s.PermitsPerSecond / 10),
                ReplenishmentPeriod = TimeSpan.FromMilliseconds(s.PermitsPerSecond >= 10 ? 100 : 1000.0 * Math.Max(1, s.PermitsPerSecond / 10) / s.PermitsPerSecond),
                QueueLimit = 0,
                AutoReplenishment = true,
            })
            : RateLimitPartition.GetNoLimiter("unlimited"));

    public static void Add(IServiceCollection services, RateLimitSettings s)
    {
        if (!s.Enabled)
            return;
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = CreateLimiter(s);
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (ctx, ct) =>
            {
                ctx.HttpContext.RequestServices.GetRequiredService<IngestCounters>().Reject("rate_limited");
                ctx.HttpContext.Response.Headers.RetryAfter = "1";
                await ctx.HttpContext.Response.WriteAsJsonAsync(
                    Json.Error($"too many requests for this device key: at most {s.PermitsPerSecond} per second (bursts of {s.Burst}); slow down and retry", "rate_limited"), ct);
            };
        });
    }

    public static void Use(WebApplication app, RateLimitSettings s)
    {
        if (s.Enabled)
            app.UseRateLimiter();
    }
}
