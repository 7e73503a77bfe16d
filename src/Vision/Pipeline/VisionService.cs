using System.Collections.Concurrent;
using Akka.Actor;
using OpenCvSharp;
using Vigil.Actors.Sensors;
using Vigil.Messages;
using Vigil.Vision.Capture;
using Vigil.Vision.Driver;
using Vigil.Vision.Feed;
using Vigil.Vision.Inference;
using Vigil.Vision.Ppe;

namespace Vigil.Vision.Pipeline;

/// <summary>
/// A node's vision pipeline: one detector pool shared by its cameras, the capture children of camera entities with a
/// source, and still images (scenario <c>image</c> readings, images posted to the API). Models load on first use, so
/// a node without cameras never loads them.
/// </summary>
public sealed class VisionService : ICameraFeeds, IDisposable
{
    private readonly Lazy<DetectorPool> _pool;
    private readonly Lazy<PpeModel?> _ppe;
    private readonly Lazy<DriverMonitor> _driver;
    private readonly ConcurrentDictionary<string, CameraAnalyzer> _stills = new();
    private readonly object _stillLock = new();

    public VisionService(VisionOptions options)
    {
        Options = options;
        _pool = new Lazy<DetectorPool>(() =>
        {
            var detector = YoloDetector.Load(options.DetectorModel, options.PreferCuda, threshold: options.DetectionThreshold, cpuThreads: options.CpuThreads);
            Console.Error.WriteLine($"vision: detector {Path.GetFileName(options.DetectorModel)} on {detector.Device}" +
                (detector.FallbackReason is { } why ? $" (CUDA unavailable: {why})" : ""));
            return new DetectorPool(detector, options.MaxBatch, options.Workers);
        });
        _driver = new Lazy<DriverMonitor>(() => new DriverMonitor(options.FaceModel, options.LandmarkModel, options.FaceCascade, options.EyeCascade, options.PreferCuda));
        _ppe = new Lazy<PpeModel?>(() => options.PpeModel is { Length: > 0 } p
            ? new PpeModel(YoloDetector.Load(p, options.PreferCuda, labelsFile: options.PpeLabels, threshold: options.DetectionThreshold))
            : null);
    }

    public VisionOptions Options { get; }

    public DetectorPool Pool => _pool.Value;

    public Props? FeedProps(string sensorId, string zoneId, SensorConfig config) =>
        string.IsNullOrWhiteSpace(config.Source) ? null : CameraFeedActor.Props(sensorId, config, this);

    public CameraFeed CreateFeed(string sensorId, string source, Action<DateTimeOffset, CameraDetections> onReading, Action<bool, string> onStatus) =>
        new(sensorId, CameraSource.Parse(source), Pool, new CameraAnalyzer(new HeadRegionHelmet(), new EvidenceRing()),
            new CaptureOptions { Realtime = Options.Realtime, LoopFiles = Options.LoopFiles }, onReading, onStatus, _ppe.Value);

    /// <summary>A still image of a camera through the same detector, tracker (per sensor) and hard-hat judgement as video.</summary>
    public async Task<CameraDetections> AnalyzeCameraImage(string sensorId, Mat image, DateTimeOffset t)
    {
        var boxes = await Pool.DetectAsync(image).ConfigureAwait(false);
        var analyzer = _stills.GetOrAdd(sensorId, _ => new CameraAnalyzer(new HeadRegionHelmet()));
        var ppe = _ppe.Value?.Detect(image);
        lock (_stillLock)
            return analyzer.Analyze(image, t, boxes, ppe);
    }

    /// <summary>A forklift cab-camera frame through the driver monitor: face present and eye openness.</summary>
    public DriverState AnalyzeDriverImage(Mat image)
    {
        var seen = _driver.Value.Observe(image);
        return new DriverState(seen.Face, seen.EyeOpen is { } e ? Math.Round(e, 3) : null);
    }

    /// <summary>Decodes an image file; throws <see cref="InvalidDataException"/> naming it when it is missing or not an image.</summary>
    public static Mat Load(string path)
    {
        if (!File.Exists(path))
            throw new InvalidDataException($"image '{path}' does not exist");
        var img = Cv2.ImRead(path, ImreadModes.Color);
        if (img.Empty())
        {
            img.Dispose();
            throw new InvalidDataException($"'{path}' is not a JPEG/PNG image OpenCV can decode");
        }
        return img;
    }

    /// <summary>Decodes image bytes (a posted JPEG/PNG).</summary>
    public static Mat Decode(byte[] bytes)
    {
        var img = Cv2.ImDecode(bytes, ImreadModes.Color);
        if (img.Empty())
        {
            img.Dispose();
            throw new InvalidDataException("the body is not a JPEG/PNG image");
        }
        return img;
    }

    public void Dispose()
    {
        if (_pool.IsValueCreated)
            _pool.Value.Dispose();
        if (_driver.IsValueCreated)
            _driver.Value.Dispose();
        if (_ppe.IsValueCreated)
            _ppe.Value?.Dispose();
    }
}
