using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;
using Vigil.Actors.Metrics;
using Vigil.Actors.Sensors;
using Vigil.Actors.Views;
using Vigil.Actors.Zones;
using Vigil.Messages;
using Vigil.Node.Api;
using Vigil.Node.Hosting;

namespace Vigil.Node.Integration.Webhooks;

/// <summary>One alarm change for one URL, and what became of it.</summary>
public sealed record WebhookDelivery(string Id, string Url, string AlarmId, int Version, string Change, byte[] Body)
{
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? DeadAt { get; set; }
}

/// <summary>
/// POSTs every alarm change this node's views learn of to each configured URL, signed (see <see cref="WebhookSignature"/>).
/// Each URL has its own bounded queue and worker, so one slow receiver delays nobody else, and alarm handling only ever
/// writes to a queue: it never waits on a receiver. Failures are retried with doubling backoff; after the last attempt,
/// on a permanent refusal (4xx other than 408/429), or when a queue overflows, the delivery joins the dead-letter list.
/// </summary>
public sealed class WebhookDispatcher(NodeSettings settings, ReadModel model, ILogger<WebhookDispatcher> log) : BackgroundService
{
    private const int DeadLetterKept = 1000;
    private readonly WebhookSettings _hooks = settings.Integration.Webhooks;
    private readonly ConcurrentQueue<WebhookDelivery> _dead = new();
    private long _delivered;
    private long _queued;

    public long Delivered => Interlocked.Read(ref _delivered);
    public long Queued => Interlocked.Read(ref _queued);
    public IReadOnlyList<WebhookDelivery> DeadLetters => _dead.ToList();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var http = new HttpClient();
        http.Timeout = TimeSpan.FromMilliseconds(_hooks.TimeoutMs);
        var queues = _hooks.Urls.Distinct().ToDictionary(u => u, _ => Channel.CreateBounded<WebhookDelivery>(
            new BoundedChannelOptions(_hooks.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped => Dead(dropped, "the queue overflowed (receiver too slow or away)")));

        // The views replay the journal at start: only changes learnt after they caught up are news to a receiver.
        // Listen from the start and skip what comes before the catch-up (waiting for it first and then listening
        // missed a change made in between: the node reports ready as soon as the views caught up).
        var api = settings.HasRole("api");
        using var listening = model.Listen(change =>
        {
            if (api && !model.CaughtUp(ZoneActor.AlarmTag, ZoneActor.ZoneTag, SensorActor.SensorTag))
                return;
            var payload = Json.Alarm(change.Alarm);
            payload["change"] = change.Change;
            var body = Encoding.UTF8.GetBytes(payload.ToJsonString(Json.Options));
            foreach (var (url, queue) in queues)
            {
                Interlocked.Increment(ref _queued);
                queue.Writer.TryWrite(new WebhookDelivery($"{change.Alarm.Id}/{change.Alarm.Version}", url, change.Alarm.Id, change.Alarm.Version, change.Change, body));
            }
        });
        await Task.WhenAll(queues.Values.Select(q => Work(http, q.Reader, stoppingToken)));
    }

    private async Task Work(HttpClient http, ChannelReader<WebhookDelivery> queue, CancellationToken ct)
    {
        try
        {
            await foreach (var d in queue.ReadAllAsync(ct))
            {
                Interlocked.Decrement(ref _queued);
                await Deliver(http, d, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task Deliver(HttpClient http, WebhookDelivery d, CancellationToken ct)
    {
        var backoff = TimeSpan.FromMilliseconds(_hooks.FirstRetryMs);
        while (true)
        {
            d.Attempts++;
            var (ok, permanent, error) = await Attempt(http, d, ct);
            if (ok)
            {
                Interlocked.Increment(ref _delivered);
                VigilMetrics.Webhooks.WithLabels("delivered").Inc();
                return;
            }
            d.LastError = error;
            if (permanent || d.Attempts >= _hooks.MaxAttempts)
            {
                Dead(d, permanent ? $"refused: {error}" : $"gave up after {d.Attempts} attempts: {error}");
                return;
            }
            VigilMetrics.Webhooks.WithLabels("retry").Inc();
            await Task.Delay(backoff, ct);
            backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, _hooks.MaxRetryMs));
        }
    }

    private async Task<(bool Ok, bool Permanent, string Error)> Attempt(HttpClient http, WebhookDelivery d, CancellationToken ct)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, d.Url) { Content = new ByteArrayContent(d.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(_hooks.Secret, timestamp, d.Body));
        request.Headers.Add(WebhookSignature.DeliveryHeader, d.Id);
        try
        {
            using var response = await http.SendAsync(request, ct);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
                return (true, false, "");
            var permanent = status is >= 400 and < 500 and not 408 and not 429;
            return (false, permanent, $"HTTP {status}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return (false, false, ex is TaskCanceledException ? $"no answer within {_hooks.TimeoutMs} ms" : ex.Message);
        }
    }

    private void Dead(WebhookDelivery d, string why)
    {
        d.LastError = why;
        d.DeadAt = DateTimeOffset.UtcNow;
        _dead.Enqueue(d);
        while (_dead.Count > DeadLetterKept && _dead.TryDequeue(out _))
        {
        }
        VigilMetrics.Webhooks.WithLabels("dead_letter").Inc();
        log.LogWarning("Webhook delivery {Delivery} to {Url} dead-lettered: {Why}", d.Id, d.Url, why);
    }

    /// <summary>GET /api/webhooks: the configured URLs and counts; GET /api/webhooks/dead: the dead-letter list, newest first.</summary>
    public static void Map(WebApplication app)
    {
        app.MapGet("/api/webhooks", (IServiceProvider sp) =>
        {
            var d = sp.GetService<WebhookDispatcher>();
            var s = sp.GetRequiredService<NodeSettings>().Integration.Webhooks;
            return Results.Json(new { urls = s.Urls, delivered = d?.Delivered ?? 0, queued = d?.Queued ?? 0, dead = d?.DeadLetters.Count ?? 0 });
        });
        app.MapGet("/api/webhooks/dead", (IServiceProvider sp) =>
        {
            var list = sp.GetService<WebhookDispatcher>()?.DeadLetters ?? [];
            return Results.Json(list.OrderByDescending(d => d.DeadAt).Select(d => new
            {
                delivery = d.Id, url = d.Url, alarm = d.AlarmId, version = d.Version, change = d.Change,
                attempts = d.Attempts, error = d.LastError, dead_at = d.DeadAt is { } t ? Json.Time(t) : null,
            }));
        });
    }
}
