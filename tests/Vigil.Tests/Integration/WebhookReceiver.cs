using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Vigil.Node.Hosting;
using Vigil.Node.Integration.Webhooks;

namespace Vigil.Tests.Integration;

/// <summary>A real HTTP receiver on a free loopback port that answers 503 to its first N requests, then 200, and keeps what it got.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    public sealed record Received(int Attempt, JsonNode Body, string? Delivery, bool SignatureValid, int Answered);

    public ConcurrentQueue<Received> Requests { get; } = new();
    public string Url { get; }

    private WebhookReceiver(WebApplication app)
    {
        _app = app;
        Url = app.HttpAddress() + "/hook";
    }

    public static async Task<WebhookReceiver> StartAsync(string secret, int failFirst, int failStatus = 503)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        WebhookReceiver? self = null;
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var attempt = Interlocked.Increment(ref self!._requests);
            var valid = long.TryParse(request.Headers[WebhookSignature.TimestampHeader], out var ts)
                && Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - ts) < 300
                && WebhookSignature.Verify(secret, ts, body, request.Headers[WebhookSignature.SignatureHeader]);
            var status = attempt <= failFirst ? failStatus : 200;
            self.Requests.Enqueue(new Received(attempt, JsonNode.Parse(body)!, request.Headers[WebhookSignature.DeliveryHeader], valid, status));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        self = new WebhookReceiver(app);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
