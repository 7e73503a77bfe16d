using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenCvSharp;
using Vigil.Vision.Inference;

namespace Vigil.Vision.Driver;

/// <summary>What the cab camera saw of the driver in one frame.</summary>
public sealed record DriverObservation(bool Face, double? EyeOpen, double? EyeAspectRatio, BoxF? FaceBox, string Method, IReadOnlyList<Point2f>? Landmarks = null);

/// <summary>
/// Driver monitoring for forklift cab cameras: face (YuNet; Haar cascade as fallback) → 68 landmarks (PFLD) → eye
/// aspect ratio → eye openness in [0,1] for the PERCLOS engine. Without the landmark model, the Haar eye cascade
/// (which finds open eyes) gives 1 or 0.
/// </summary>
public sealed class DriverMonitor : IDisposable
{
    /// <summary>
    /// Eye aspect ratios mapped to openness: at or below <see cref="ClosedEar"/> is 0, at or above <see cref="OpenEar"/> is 1.
    /// PFLD reads open eyes at about 0.29 and never quite closes the lids (about 0.17 on painted-shut eyes), hence 0.15.
    /// </summary>
    public const double ClosedEar = 0.15, OpenEar = 0.27;

    private readonly OnnxModel? _yunet;
    private readonly OnnxModel? _pfld;
    private readonly CascadeClassifier? _faceCascade;
    private readonly CascadeClassifier? _eyeCascade;
    private readonly object _lock = new();

    public DriverMonitor(string? yunetPath, string? pfldPath, string? faceCascadePath, string? eyeCascadePath, bool preferCuda = false)
    {
        _yunet = yunetPath is not null && File.Exists(yunetPath) ? OnnxSessions.Create(yunetPath, preferCuda) : null;
        _pfld = pfldPath is not null && File.Exists(pfldPath) ? OnnxSessions.Create(pfldPath, preferCuda) : null;
        _faceCascade = faceCascadePath is not null && File.Exists(faceCascadePath) ? new CascadeClassifier(faceCascadePath) : null;
        _eyeCascade = eyeCascadePath is not null && File.Exists(eyeCascadePath) ? new CascadeClassifier(eyeCascadePath) : null;
        if (_yunet is null && _faceCascade is null)
            throw new FileNotFoundException($"driver monitor needs a face model: neither '{yunetPath}' nor '{faceCascadePath}' exists");
    }

    public static double Openness(double ear) => Math.Clamp((ear - ClosedEar) / (OpenEar - ClosedEar), 0, 1);

    public DriverObservation Observe(Mat frame, bool forceHaar = false)
    {
        lock (_lock)
        {
            var (face, method) = !forceHaar && _yunet is not null ? (YuNetFace(frame), "yunet") : (null, "");
            if (face is null && _faceCascade is not null)
                (face, method) = (HaarFace(frame), "haar");
            if (face is not { } box)
                return new DriverObservation(false, null, null, null, method);
            if (_pfld is not null)
            {
                var pts = Landmarks(frame, box);
                var ear = (EyeAspectRatio(pts, 36) + EyeAspectRatio(pts, 42)) / 2;
                return new DriverObservation(true, Openness(ear), ear, box, method + "+pfld", pts);
            }
            if (_eyeCascade is not null)
                return new DriverObservation(true, HaarEyes(frame, box) > 0 ? 1 : 0, null, box, method + "+haar-eyes");
            return new DriverObservation(true, null, null, box, method);
        }
    }

    /// <summary>Eye aspect ratio of the six iBUG points from <paramref name="first"/>: eyelid gaps over eye width.</summary>
    public static double EyeAspectRatio(IReadOnlyList<Point2f> p, int first)
    {
        static double D(Point2f a, Point2f b) => Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));
        var width = D(p[first], p[first + 3]);
        return width <= 0 ? 0 : (D(p[first + 1], p[first + 5]) + D(p[first + 2], p[first + 4])) / (2 * width);
    }

    private BoxF? YuNetFace(Mat frame)
    {
        var scale = Math.Min(1.0, 640.0 / Math.Max(frame.Width, frame.Height));
        var w = (int)Math.Ceiling(frame.Width * scale / 32) * 32;
        var h = (int)Math.Ceiling(frame.Height * scale / 32) * 32;
        using var resized = new Mat();
        Cv2.Resize(frame, resized, new Size(w, h));
        var data = new float[3 * w * h];
        Letterbox.ToChw(resized, data, rgb: false, scale01: false);
        var session = _yunet!.Session;
        var name = session.InputMetadata.Keys.First();
        using var outputs = session.Run([NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(data, [1, 3, h, w]))]);
        var byName = outputs.ToDictionary(o => o.Name, o => o.AsTensor<float>());
        BoxF? best = null;
        var bestScore = 0.6f;
        foreach (var s in new[] { 8, 16, 32 })
        {
            var cls = byName[$"cls_{s}"];
            var obj = byName[$"obj_{s}"];
            var bbox = byName[$"bbox_{s}"];
            var cols = w / s;
            var n = cls.Dimensions[1];
            for (var i = 0; i < n; i++)
            {
                var score = MathF.Sqrt(Math.Clamp(cls[0, i, 0], 0, 1) * Math.Clamp(obj[0, i, 0], 0, 1));
                if (score <= bestScore)
                    continue;
                var r = i / cols;
                var c = i % cols;
                var cx = (c + bbox[0, i, 0]) * s;
                var cy = (r + bbox[0, i, 1]) * s;
                var bw = MathF.Exp(bbox[0, i, 2]) * s;
                var bh = MathF.Exp(bbox[0, i, 3]) * s;
                bestScore = score;
                best = new BoxF((float)((cx - bw / 2) / scale), (float)((cy - bh / 2) / scale), (float)(bw / scale), (float)(bh / scale));
            }
        }
        return best;
    }

    private BoxF? HaarFace(Mat frame)
    {
        using var gray = new Mat();
        Cv2.CvtColor(frame, gray, ColorConversionCodes.BGR2GRAY);
        var faces = _faceCascade!.DetectMultiScale(gray, 1.1, 5, HaarDetectionTypes.ScaleImage, new Size(40, 40));
        if (faces.Length == 0)
            return null;
        var f = faces.MaxBy(r => r.Width * r.Height);
        return new BoxF(f.X, f.Y, f.Width, f.Height);
    }

    private int HaarEyes(Mat frame, BoxF face)
    {
        var rect = new Rect((int)face.X, (int)face.Y, (int)face.W, (int)(face.H * 0.6)).Intersect(new Rect(0, 0, frame.Width, frame.Height));
        using var roi = new Mat(frame, rect);
        using var gray = new Mat();
        Cv2.CvtColor(roi, gray, ColorConversionCodes.BGR2GRAY);
        return _eyeCascade!.DetectMultiScale(gray, 1.1, 5).Length;
    }

    private List<Point2f> Landmarks(Mat frame, BoxF face)
    {
        var side = Math.Max(face.W, face.H) * 1.1f;
        var cx = face.X + face.W / 2;
        var cy = face.Y + face.H / 2;
        var x0 = cx - side / 2;
        var y0 = cy - side / 2;
        // The square crop may leave the frame: pad with black rather than distort it.
        using var crop = new Mat((int)side, (int)side, MatType.CV_8UC3, Scalar.Black);
        var src = new Rect((int)x0, (int)y0, (int)side, (int)side).Intersect(new Rect(0, 0, frame.Width, frame.Height));
        if (src.Width > 0 && src.Height > 0)
        {
            using var part = new Mat(frame, src);
            using var dst = new Mat(crop, new Rect(src.X - (int)x0, src.Y - (int)y0, src.Width, src.Height));
            part.CopyTo(dst);
        }
        using var input = new Mat();
        Cv2.Resize(crop, input, new Size(112, 112));
        var data = new float[3 * 112 * 112];
        Letterbox.ToChw(input, data, rgb: true, scale01: true);
        var session = _pfld!.Session;
        using var outputs = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.First(), new DenseTensor<float>(data, [1, 3, 112, 112]))]);
        var o = outputs.First().AsTensor<float>().ToArray();
        var pts = new List<Point2f>(68);
        for (var i = 0; i < 68; i++)
            pts.Add(new Point2f(x0 + o[2 * i] * (int)side, y0 + o[2 * i + 1] * (int)side));
        return pts;
    }

    public void Dispose()
    {
        _yunet?.Dispose();
        _pfld?.Dispose();
        _faceCascade?.Dispose();
        _eyeCascade?.Dispose();
    }
}
