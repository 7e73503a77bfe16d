using OpenCvSharp;
using Vigil.Messages;

namespace Vigil.Vision.Pipeline;

/// <summary>
/// The last few analysed frames of one camera, in reused buffers, so a hazard confirmed by one of them can be drawn
/// as evidence: boxes, labels, track ids, hard-hat status, danger zones and the time, written as a JPEG.
/// </summary>
public sealed class EvidenceRing(int capacity = 12) : IDisposable
{
    private sealed class Entry
    {
        public Mat Frame { get; } = new();
        public DateTimeOffset T { get; set; }
        public IReadOnlyList<Detection> Detections { get; set; } = [];
        public bool Used { get; set; }
    }

    private readonly object _lock = new();
    private readonly Entry[] _ring = Enumerable.Range(0, capacity).Select(_ => new Entry()).ToArray();
    private int _next;

    public void Keep(Mat frame, DateTimeOffset t, IReadOnlyList<Detection> detections)
    {
        lock (_lock)
        {
            var e = _ring[_next];
            frame.CopyTo(e.Frame);
            e.T = t;
            e.Detections = detections;
            e.Used = true;
            _next = (_next + 1) % _ring.Length;
        }
    }

    /// <summary>Draws the frame of time <paramref name="t"/> (else the newest before it) and writes it; false when no frame is kept.</summary>
    public bool Write(string path, DateTimeOffset t, string hazardType, string? subject, IReadOnlyList<IReadOnlyList<Vigil.Messages.Point>>? zones)
    {
        using var canvas = new Mat();
        IReadOnlyList<Detection> detections;
        DateTimeOffset at;
        lock (_lock)
        {
            var e = _ring.Where(x => x.Used && x.T <= t).OrderByDescending(x => x.T).FirstOrDefault()
                ?? _ring.Where(x => x.Used).OrderBy(x => x.T).FirstOrDefault();
            if (e is null)
                return false;
            e.Frame.CopyTo(canvas);
            detections = e.Detections;
            at = e.T;
        }
        Draw(canvas, at, hazardType, subject, detections, zones);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Written whole, then renamed: the API never serves half a file.
        var tmp = path + ".part";
        File.WriteAllBytes(tmp, canvas.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, 85)));
        File.Move(tmp, path, true);
        return true;
    }

    public static void Draw(Mat canvas, DateTimeOffset t, string hazardType, string? subject, IReadOnlyList<Detection> detections, IReadOnlyList<IReadOnlyList<Vigil.Messages.Point>>? zones)
    {
        foreach (var zone in zones ?? [])
        {
            var pts = zone.Select(p => new OpenCvSharp.Point(p.X, p.Y)).ToArray();
            Cv2.Polylines(canvas, [pts], true, new Scalar(0, 165, 255), 2);
        }
        foreach (var d in detections)
        {
            var isSubject = subject is not null && d.Track == subject;
            var color = isSubject ? new Scalar(0, 0, 255) : d.Cls == "person" ? new Scalar(0, 200, 0) : new Scalar(255, 128, 0);
            var rect = new Rect((int)d.X, (int)d.Y, (int)d.W, (int)d.H);
            Cv2.Rectangle(canvas, rect, color, isSubject ? 3 : 1);
            var label = $"{d.Cls} #{d.Track} {d.Conf:0.00}" + (d.Helmet switch { true => " helmet", false => " NO HELMET", _ => "" });
            Cv2.PutText(canvas, label, new OpenCvSharp.Point(rect.X, Math.Max(12, rect.Y - 4)), HersheyFonts.HersheySimplex, 0.45, color, 1, LineTypes.AntiAlias);
        }
        var banner = $"{hazardType} {subject} {t.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}Z";
        Cv2.Rectangle(canvas, new Rect(0, 0, canvas.Width, 22), Scalar.Black, -1);
        Cv2.PutText(canvas, banner, new OpenCvSharp.Point(6, 16), HersheyFonts.HersheySimplex, 0.5, Scalar.White, 1, LineTypes.AntiAlias);
    }

    public void Dispose()
    {
        foreach (var e in _ring)
            e.Frame.Dispose();
    }
}
