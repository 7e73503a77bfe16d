using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenCvSharp;
using Vigil.Tests.Support;
using Vigil.Vision.Capture;
using Xunit;

namespace Vigil.Tests.Vision;

public sealed class CaptureTests
{
    [AssetFact]
    public async Task File_capture_hands_over_the_newest_frame_and_counts_the_ones_it_drops()
    {
        using var slot = new FrameSlot();
        var statuses = new ConcurrentQueue<bool>();
        using var capture = new CameraCapture("t", CameraSource.Parse(Assets.Media("vtest_240f_xvid.avi")), slot,
            new CaptureOptions { Realtime = false }, (on, _) => statuses.Enqueue(on));
        capture.Start();
        var spare = new Mat();
        long taken = 0, lastSeq = 0;
        var gaps = 0;
        while (!capture.Finished || slot.Published > lastSeq)
        {
            if (!slot.TryTake(ref spare, out _, out var seq, TimeSpan.FromMilliseconds(200), CancellationToken.None))
                continue;
            Assert.True(seq > lastSeq, "frames are handed over newest-first, never an older one");
            if (seq > lastSeq + 1)
                gaps++;
            lastSeq = seq;
            taken++;
            Assert.Equal(768, spare.Width);
            await Task.Delay(15); // a slow analyser: the capture runs ahead, replacing frames
        }
        spare.Dispose();
        Assert.Equal(240, slot.Published);
        Assert.Equal(slot.Published, taken + slot.Dropped);
        Assert.True(slot.Dropped > 0 && gaps > 0, "a slow analyser must see frames dropped, not queued");
        // The capture marks itself finished just before it reports the end of the file.
        await Eventually.Until(() => Task.FromResult(statuses.Count >= 2), TimeSpan.FromSeconds(30), "the end of the file reported",
            () => $"statuses [{string.Join(", ", statuses)}]");
        Assert.Equal([true, false], statuses.ToArray());
    }

    [Fact]
    public async Task Unreachable_stream_is_reported_offline_and_retried_with_backoff()
    {
        using var slot = new FrameSlot();
        var reasons = new ConcurrentQueue<string>();
        using var capture = new CameraCapture("t", CameraSource.Parse("rtsp://127.0.0.1:1/none"), slot,
            new CaptureOptions { FirstBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(200) }, (on, why) => reasons.Enqueue($"{on}:{why}"));
        capture.Start();
        await Eventually.Until(() => Task.FromResult(capture.Reconnects >= 3), TimeSpan.FromSeconds(60), "three reconnect attempts");
        Assert.False(capture.Online);
        Assert.Contains(reasons, r => r.StartsWith("False:cannot open rtsp://127.0.0.1:1/none", StringComparison.Ordinal));
        Assert.Equal(0, slot.Published);
    }

    [Fact]
    public void Bad_sources_are_refused_with_a_clear_error()
    {
        Assert.Contains("not a file path", Assert.Throws<ArgumentException>(() => CameraSource.Parse("ftp://x/y")).Message);
        Assert.Throws<ArgumentException>(() => CameraSource.Parse(" "));
        Assert.False(CameraSource.Parse("http://cam/stream.mjpg").IsFile);
        Assert.True(CameraSource.Parse("/videos/a.avi").IsFile);
    }

    [AssetFact]
    public async Task Http_mjpeg_stream_is_read_and_reconnected_after_the_camera_restarts()
    {
        byte[][] jpegs = ReadJpegs(Assets.Media("vtest_240f_xvid.avi"), 5);
        var server = await MjpegServer.StartAsync(jpegs, 0);
        var port = server.Port;
        using var slot = new FrameSlot();
        var statuses = new ConcurrentQueue<bool>();
        var capture = new CameraCapture("t", CameraSource.Parse($"http://127.0.0.1:{port}/stream.mjpg"), slot,
            new CaptureOptions { FirstBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromMilliseconds(400) }, (on, _) => statuses.Enqueue(on));
        try
        {
            capture.Start();
            await Eventually.Until(() => Task.FromResult(slot.Published >= 5), TimeSpan.FromSeconds(30), "frames from the MJPEG stream");
            await server.DisposeAsync();
            await Eventually.Until(() => Task.FromResult(!capture.Online), TimeSpan.FromSeconds(30), "camera reported offline");
            var before = slot.Published;
            server = await MjpegServer.StartAsync(jpegs, port);
            await Eventually.Until(() => Task.FromResult(capture.Online && slot.Published > before + 3), TimeSpan.FromSeconds(30), "camera back after reconnect");
            Assert.True(capture.Reconnects >= 1);
            // Each failed attempt while the camera is away is reported offline again (how many depends on how soon the
            // server is back): the transitions are online, offline, online.
            var seen = statuses.ToArray();
            var transitions = seen.Where((on, i) => i == 0 || on != seen[i - 1]).Take(3).ToArray();
            Assert.Equal([true, false, true], transitions);
        }
        finally
        {
            capture.Dispose();
            await server.DisposeAsync();
        }
    }

    private static byte[][] ReadJpegs(string video, int n)
    {
        using var cap = new VideoCapture(video);
        using var frame = new Mat();
        var list = new List<byte[]>();
        while (list.Count < n && cap.Read(frame))
            list.Add(frame.ImEncode(".jpg"));
        return list.ToArray();
    }

    /// <summary>A tiny MJPEG camera: multipart/x-mixed-replace JPEG frames at ~25 fps, on 127.0.0.1.</summary>
    private sealed class MjpegServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private MjpegServer(WebApplication app, int port)
        {
            _app = app;
            Port = port;
        }

        public int Port { get; }

        public static async Task<MjpegServer> StartAsync(byte[][] jpegs, int port)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
            var app = builder.Build();
            app.MapGet("/stream.mjpg", async (HttpContext ctx) =>
            {
                ctx.Response.ContentType = "multipart/x-mixed-replace; boundary=frame";
                var i = 0;
                while (!ctx.RequestAborted.IsCancellationRequested)
                {
                    var jpg = jpegs[i++ % jpegs.Length];
                    var head = System.Text.Encoding.ASCII.GetBytes($"--frame\r\nContent-Type: image/jpeg\r\nContent-Length: {jpg.Length}\r\n\r\n");
                    try
                    {
                        await ctx.Response.Body.WriteAsync(head, ctx.RequestAborted);
                        await ctx.Response.Body.WriteAsync(jpg, ctx.RequestAborted);
                        await ctx.Response.Body.WriteAsync("\r\n"u8.ToArray(), ctx.RequestAborted);
                        await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
                        await Task.Delay(40, ctx.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            });
            await app.StartAsync();
            var address = new Uri(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First());
            return new MjpegServer(app, address.Port);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(2)).Token);
            await _app.DisposeAsync();
        }
    }
}
