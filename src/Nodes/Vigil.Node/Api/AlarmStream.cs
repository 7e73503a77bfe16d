using System.Text.Json;
using System.Threading.Channels;
using Vigil.Actors.Views;
using Vigil.Messages;

namespace Vigil.Node.Api;

/// <summary>Server-sent events of every alarm change this node learns of (from any node, via the cluster topic).</summary>
public static class AlarmStream
{
    public static async Task Serve(HttpContext context, ReadModel model)
    {
        var zone = context.Request.Query["zone"].ToString();
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";

        // Bounded: a slow client loses its oldest changes rather than growing the node's memory.
        var channel = Channel.CreateBounded<AlarmChanged>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest });
        using var listening = model.Listen(c =>
        {
            if (zone.Length == 0 || c.Alarm.ZoneId == zone)
                channel.Writer.TryWrite(c);
        });
        var ct = context.RequestAborted;
        await context.Response.WriteAsync(": connected\n\n", ct);
        await context.Response.Body.FlushAsync(ct);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(ct);
                heartbeat.CancelAfter(TimeSpan.FromSeconds(15));
                AlarmChanged change;
                try
                {
                    change = await channel.Reader.ReadAsync(heartbeat.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await context.Response.WriteAsync(": keep-alive\n\n", ct);
                    await context.Response.Body.FlushAsync(ct);
                    continue;
                }
                var payload = Json.Alarm(change.Alarm);
                payload["change"] = change.Change;
                await context.Response.WriteAsync($"event: alarm\nid: {change.Alarm.Id}/{change.Alarm.Version}\ndata: {payload.ToJsonString(Json.Options)}\n\n", ct);
                await context.Response.Body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
    }
}
