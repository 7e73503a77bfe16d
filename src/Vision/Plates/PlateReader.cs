using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenCvSharp;
using Vigil.Vision.Inference;

namespace Vigil.Vision.Plates;

/// <summary>A plate read: the text (lines joined by a space) and the mean character confidence.</summary>
public sealed record PlateText(string Text, double Conf, IReadOnlyList<Rect> Lines);

/// <summary>
/// Plate reading for radar checkpoints: PP-OCR text detection (DB probability map → line boxes) on a vehicle or plate
/// crop, then PP-OCR recognition (CTC over the keys file) per line.
/// </summary>
public sealed class PlateReader : IDisposable
{
    private static readonly float[] DetMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] DetStd = [0.229f, 0.224f, 0.225f];
    private static readonly float[] RecMean = [0.5f, 0.5f, 0.5f];
    private static readonly float[] RecStd = [0.5f, 0.5f, 0.5f];
    private readonly OnnxModel _det;
    private readonly OnnxModel _rec;
    private readonly string[] _keys;
    private readonly object _lock = new();

    public PlateReader(string detPath, string recPath, string keysPath, bool preferCuda = false)
    {
        if (!File.Exists(keysPath))
            throw new FileNotFoundException($"PP-OCR keys file '{keysPath}' does not exist", keysPath);
        _det = OnnxSessions.Create(detPath, preferCuda);
        _rec = OnnxSessions.Create(recPath, preferCuda);
        _keys = File.ReadAllLines(keysPath);
    }

    public PlateText Read(Mat image)
    {
        lock (_lock)
        {
            var lines = DetectLines(image);
            if (lines.Count == 0)
                lines = [new Rect(0, 0, image.Width, image.Height)];
            var texts = new List<string>();
            var confs = new List<double>();
            foreach (var r in lines)
            {
                using var crop = new Mat(image, r);
                var (text, conf) = Recognize(crop);
                if (text.Length > 0)
                {
                    texts.Add(text);
                    confs.Add(conf);
                }
            }
            return new PlateText(string.Join(' ', texts).Trim(), confs.Count == 0 ? 0 : confs.Average(), lines);
        }
    }

    /// <summary>Text line boxes, top to bottom then left to right, slightly grown (the DB map hugs the glyphs).</summary>
    public List<Rect> DetectLines(Mat image)
    {
        // Small crops are upscaled so glyphs are large enough for the detector; sides are multiples of 32.
        var scale = Math.Clamp(640.0 / Math.Max(image.Width, image.Height), 0.25, 4);
        var w = Math.Max(32, (int)Math.Round(image.Width * scale / 32) * 32);
        var h = Math.Max(32, (int)Math.Round(image.Height * scale / 32) * 32);
        using var resized = new Mat();
        Cv2.Resize(image, resized, new Size(w, h));
        var data = new float[3 * w * h];
        Letterbox.ToChw(resized, data, rgb: false, scale01: true, DetMean, DetStd);
        var session = _det.Session;
        using var outputs = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.First(), new DenseTensor<float>(data, [1, 3, h, w]))]);
        var prob = outputs.First().AsTensor<float>().ToArray();
        var mask = new byte[w * h];
        for (var i = 0; i < mask.Length; i++)
            mask[i] = prob[i] > 0.3f ? (byte)255 : (byte)0;
        using var map = new Mat(h, w, MatType.CV_8UC1);
        map.SetArray(mask);
        Cv2.FindContours(map, out var contours, out _, RetrievalModes.External, ContourApproximationModes.ApproxSimple);
        var sx = (double)image.Width / w;
        var sy = (double)image.Height / h;
        var rects = new List<Rect>();
        foreach (var c in contours)
        {
            var b = Cv2.BoundingRect(c);
            if (b.Width < 4 || b.Height < 4)
                continue;
            var grow = (int)(b.Height * 0.4);
            var x0 = (int)((b.X - grow) * sx);
            var y0 = (int)((b.Y - grow) * sy);
            var x1 = (int)Math.Ceiling((b.Right + grow) * sx);
            var y1 = (int)Math.Ceiling((b.Bottom + grow) * sy);
            var r = new Rect(x0, y0, x1 - x0, y1 - y0).Intersect(new Rect(0, 0, image.Width, image.Height));
            if (r.Width > 2 && r.Height > 2)
                rects.Add(r);
        }
        return rects.OrderBy(r => r.Y / Math.Max(1, r.Height)).ThenBy(r => r.X).ToList();
    }

    /// <summary>One text line: height 48, CTC greedy decoding (0 blank, 1..N keys, N+1 space).</summary>
    public (string Text, double Conf) Recognize(Mat line)
    {
        var w = Math.Clamp((int)Math.Ceiling(48.0 * line.Width / Math.Max(1, line.Height)), 16, 960);
        using var resized = new Mat();
        Cv2.Resize(line, resized, new Size(w, 48));
        var data = new float[3 * 48 * w];
        Letterbox.ToChw(resized, data, rgb: false, scale01: true, RecMean, RecStd);
        var session = _rec.Session;
        using var outputs = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.First(), new DenseTensor<float>(data, [1, 3, 48, w]))]);
        var t = outputs.First().AsTensor<float>();
        var steps = t.Dimensions[1];
        var classes = t.Dimensions[2];
        var sb = new System.Text.StringBuilder();
        var confs = new List<double>();
        var prev = -1;
        for (var s = 0; s < steps; s++)
        {
            var best = 0;
            var max = float.MinValue;
            for (var c = 0; c < classes; c++)
            {
                var v = t[0, s, c];
                if (v > max)
                {
                    max = v;
                    best = c;
                }
            }
            if (best != 0 && best != prev)
            {
                sb.Append(best <= _keys.Length ? _keys[best - 1] : " ");
                confs.Add(max);
            }
            prev = best;
        }
        return (sb.ToString().Trim(), confs.Count == 0 ? 0 : confs.Average());
    }

    public void Dispose()
    {
        _det.Dispose();
        _rec.Dispose();
    }
}
