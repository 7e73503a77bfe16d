using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OpenCvSharp;
using Vigil.Node.Hosting;
using Vigil.Node.Vision;
using Vigil.Vision.Capture;
using Vigil.Vision.Feed;
using Vigil.Vision.Inference;
using Vigil.Vision.Pipeline;
using Vigil.Vision.Ppe;

namespace Vigil.Node.Bench;

/// <summary>
/// `vigil bench vision [--device cpu|cuda] [--cameras 1,4,16] [--seconds S] [--frames N] [--no-latency]`: ms per frame
/// of each detector stage, analysed frames/s of one node with several cameras, and frame → alarm latency of the
/// walkway video played as a camera with a danger zone (docs/vision.md).
/// </summary>
public static class VisionBench
{
    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string> flags)
    {
        var cuda = flags.GetValueOrDefault("device", "cpu") switch
        {
            "cpu" => false,
            "cuda" => true,
            var d => throw new ArgumentException($"--device: '{d}' is not cpu or cuda"),
        };
        var cameras = flags.GetValueOrDefault("cameras", "1,4,16").Split(',').Select(c => int.TryParse(c, out var n) && n > 0 ? n : throw new ArgumentException($"--cameras: '{c}' is not a count")).ToList();
        var seconds = double.Parse(flags.GetValueOrDefault("seconds", "10"), CultureInfo.InvariantCulture);
        var frames = int.Parse(flags.GetValueOrDefault("frames", "60"), CultureInfo.InvariantCulture);
        Environment.SetEnvironmentVariable("VIGIL_VISION_CUDA", cuda ? "1" : "0");
        var options = VisionSetup.Options(new NodeSettings
        {
            HttpHost = "127.0.0.1", HttpPort = 0, Host = "127.0.0.1", Port = 0, Seeds = [], Roles = NodeSettings.KnownRoles,
            DataDir = Path.GetTempPath(), Database = DatabaseSettings.InMemory,
        });
        var video = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(options.DetectorModel)!)!, "media", "vtest_240f_xvid.avi");
        if (flags.TryGetValue("video", out var v))
            video = v;
        if (!File.Exists(video))
            throw new ArgumentException($"bench vision needs the walkway video: '{video}' does not exist (--video PATH or VIGIL_ASSETS)");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores; model {options.DetectorModel}; video {video}");

        Stages(options, cuda, video, frames);
        foreach (var n in cameras)
            Throughput(options, cuda, video, n, seconds);
        if (!flags.ContainsKey("no-latency"))
            await Latency(video, cuda);
        return 0;
    }

    private static void Stages(VisionOptions options, bool cuda, string video, int frames)
    {
        using var detector = YoloDetector.Load(options.DetectorModel, cuda, threshold: options.DetectionThreshold);
        Console.WriteLine($"detector on {detector.Device}{(detector.FallbackReason is { } why ? $" (CUDA unavailable: {why})" : "")}, input {detector.InputSize}, layout {detector.Layout}");
        var mats = ReadFrames(video, frames);
        for (var i = 0; i < 5; i++)
            detector.Detect([mats[i % mats.Count]], out _);
        double pre = 0, inf = 0, post = 0;
        long people = 0;
        foreach (var m in mats)
        {
            people += detector.Detect([m], out var t)[0].Count(b => b.Label == "person");
            pre += t.PreprocessMs;
            inf += t.InferenceMs;
            post += t.PostprocessMs;
        }
        var n = mats.Count;
        Console.WriteLine($"stages per frame over {n} frames ({mats[0].Width}x{mats[0].Height}): preprocess {pre / n:0.00} ms, inference {inf / n:0.00} ms, postprocess {post / n:0.00} ms, total {(pre + inf + post) / n:0.00} ms; {people / (double)n:0.0} people/frame");
        foreach (var m in mats)
            m.Dispose();
    }

    private static void Throughput(VisionOptions options, bool cuda, string video, int cameras, double seconds)
    {
        var detector = YoloDetector.Load(options.DetectorModel, cuda, threshold: options.DetectionThreshold);
        using var pool = new DetectorPool(detector, options.MaxBatch, options.Workers);
        var feeds = Enumerable.Range(0, cameras).Select(i => new CameraFeed($"bench-{i}", CameraSource.Parse(video), pool,
            new CameraAnalyzer(new HeadRegionHelmet()), new CaptureOptions { Realtime = true, LoopFiles = true }, (_, _) => { }, (_, _) => { })).ToList();
        foreach (var f in feeds)
            f.Start();
        // Each camera delivers the video at its own 10 fps, as a real one would; the pool analyses what it can and the
        // feeds drop what it cannot (always the newest frame analysed). Warm up, then count over the window.
        Thread.Sleep(TimeSpan.FromSeconds(Math.Min(2, seconds / 4)));
        var a0 = feeds.Sum(f => f.Analysed);
        var c0 = feeds.Sum(f => f.Captured);
        var d0 = feeds.Sum(f => f.Dropped);
        var sw = Stopwatch.StartNew();
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        var elapsed = sw.Elapsed.TotalSeconds;
        var analysed = feeds.Sum(f => f.Analysed) - a0;
        var captured = feeds.Sum(f => f.Captured) - c0;
        var dropped = feeds.Sum(f => f.Dropped) - d0;
        foreach (var f in feeds)
            f.Dispose();
        var s = pool.Stats();
        Console.WriteLine($"{cameras,2} camera(s): {analysed / elapsed:0.0} analysed frames/s per node ({analysed / elapsed / cameras:0.0} per camera); " +
            $"decoded {captured / elapsed:0} frames/s, {dropped / elapsed:0} dropped/s as stale; mean batch {s.Frames / (double)Math.Max(1, s.Batches):0.0}");
    }

    private static async Task Latency(string video, bool cuda)
    {
        var dir = Directory.CreateTempSubdirectory("vigil-bench-vision-").FullName;
        var settings = new NodeSettings
        {
            HttpHost = "127.0.0.1", HttpPort = 0, Host = "127.0.0.1", Port = 0, Seeds = [], Roles = NodeSettings.KnownRoles,
            DataDir = dir, Database = DatabaseSettings.ForSqliteFile(Path.Combine(dir, "vigil.db")),
        };
        var app = VigilHost.Build(settings, quiet: true);
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.HttpAddress()) };
            var ready = false;
            for (var i = 0; i < 600 && !(ready = (await http.GetAsync("/health/ready")).IsSuccessStatusCode); i++)
                await Task.Delay(100);
            if (!ready)
                throw new InvalidOperationException("the bench node did not become ready within 60 s");
            (await http.PostAsJsonAsync("/api/zones", new JsonObject { ["id"] = "walkway", ["kind"] = "production" })).EnsureSuccessStatusCode();
            var camera = new JsonObject
            {
                ["id"] = "cam-walkway", ["kind"] = "camera", ["zone"] = "walkway",
                ["config"] = new JsonObject
                {
                    ["source"] = video,
                    ["rules"] = new JsonArray("intrusion"),
                    ["danger_zones"] = JsonNode.Parse("[[[0,330],[768,330],[768,576],[0,576]]]"),
                },
            };
            (await http.PostAsJsonAsync("/api/sensors", camera)).EnsureSuccessStatusCode();
            Console.WriteLine("latency: playing the walkway video (24 s at 10 fps) as camera cam-walkway with a danger zone over the lower walkway ...");
            await Task.Delay(TimeSpan.FromSeconds(27));
            var alarms = (await http.GetFromJsonAsync<JsonArray>("/api/alarms?zone=walkway"))!;
            var latencies = new List<double>();
            var evidence = 0;
            foreach (var a in alarms)
            {
                var raised = DateTimeOffset.Parse((string)a!["raised_at"]!, CultureInfo.InvariantCulture);
                var first = a["hazards"]!.AsArray().First()!;
                latencies.Add((raised - DateTimeOffset.Parse((string)first["t"]!, CultureInfo.InvariantCulture)).TotalMilliseconds);
                if (first["evidence"] is { } url && (await http.GetAsync((string)url!)).IsSuccessStatusCode)
                    evidence++;
            }
            latencies.Sort();
            var stats = await http.GetFromJsonAsync<JsonObject>("/api/vision");
            Console.WriteLine(latencies.Count == 0
                ? "latency: no zone_intrusion alarm was raised"
                : $"latency: {latencies.Count} zone_intrusion alarms, {evidence} evidence JPEGs served; frame capture → alarm persisted p50 {Pct(latencies, 0.5):0} ms, p99 {Pct(latencies, 0.99):0} ms, max {latencies[^1]:0} ms");
            Console.WriteLine($"node pipeline: {stats}");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(dir, true);
        }
    }

    private static double Pct(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static List<Mat> ReadFrames(string video, int n)
    {
        using var cap = new VideoCapture(video);
        var list = new List<Mat>();
        var m = new Mat();
        while (list.Count < n && cap.Read(m))
        {
            list.Add(m);
            m = new Mat();
        }
        m.Dispose();
        return list;
    }
}
