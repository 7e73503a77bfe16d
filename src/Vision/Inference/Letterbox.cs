using OpenCvSharp;

namespace Vigil.Vision.Inference;

/// <summary>How an image was fitted into a model's square input: scale, then padding at the top-left origin.</summary>
public readonly record struct LetterboxInfo(float Scale, int PadX, int PadY, int SrcW, int SrcH)
{
    /// <summary>Maps a box from model input pixels back to source pixels, clipped to the image.</summary>
    public BoxF ToSource(BoxF b)
    {
        var x1 = Math.Clamp((b.X - PadX) / Scale, 0, SrcW);
        var y1 = Math.Clamp((b.Y - PadY) / Scale, 0, SrcH);
        var x2 = Math.Clamp((b.X + b.W - PadX) / Scale, 0, SrcW);
        var y2 = Math.Clamp((b.Y + b.H - PadY) / Scale, 0, SrcH);
        return new BoxF(x1, y1, x2 - x1, y2 - y1);
    }
}

/// <summary>An axis-aligned box, x, y, w, h in pixels.</summary>
public readonly record struct BoxF(float X, float Y, float W, float H)
{
    public float Area => Math.Max(0, W) * Math.Max(0, H);

    public static float Iou(BoxF a, BoxF b)
    {
        var ix = Math.Max(0, Math.Min(a.X + a.W, b.X + b.W) - Math.Max(a.X, b.X));
        var iy = Math.Max(0, Math.Min(a.Y + a.H, b.Y + b.H) - Math.Max(a.Y, b.Y));
        var inter = ix * iy;
        var union = a.Area + b.Area - inter;
        return union <= 0 ? 0 : inter / union;
    }
}

/// <summary>Letterbox preprocessing with OpenCV, writing planar CHW floats straight into a tensor buffer.</summary>
public static class Letterbox
{
    /// <param name="centered">pad evenly on both sides (YOLOv5/v8 exports) instead of only right/bottom (YOLOX)</param>
    /// <param name="rgb">swap to RGB (YOLOv5/v8) instead of keeping BGR (YOLOX)</param>
    /// <param name="scale01">divide by 255 (YOLOv5/v8) instead of keeping 0–255 (YOLOX)</param>
    public static LetterboxInfo Fill(Mat src, int size, Span<float> chw, bool centered, bool rgb, bool scale01, byte pad = 114)
    {
        if (src.Empty())
            throw new ArgumentException("empty image");
        var scale = Math.Min((float)size / src.Width, (float)size / src.Height);
        var nw = Math.Max(1, (int)Math.Round(src.Width * scale));
        var nh = Math.Max(1, (int)Math.Round(src.Height * scale));
        var padX = centered ? (size - nw) / 2 : 0;
        var padY = centered ? (size - nh) / 2 : 0;
        using var canvas = new Mat(size, size, MatType.CV_8UC3, new Scalar(pad, pad, pad));
        using (var bgr = src.Channels() == 3 ? null : new Mat())
        {
            var color = src;
            if (bgr is not null)
            {
                Cv2.CvtColor(src, bgr, src.Channels() == 4 ? ColorConversionCodes.BGRA2BGR : ColorConversionCodes.GRAY2BGR);
                color = bgr;
            }
            using var roi = new Mat(canvas, new Rect(padX, padY, nw, nh));
            Cv2.Resize(color, roi, new Size(nw, nh), 0, 0, InterpolationFlags.Linear);
        }
        ToChw(canvas, chw, rgb, scale01);
        return new LetterboxInfo(scale, padX, padY, src.Width, src.Height);
    }

    /// <summary>Copies a continuous 8-bit BGR image into planar floats.</summary>
    public static unsafe void ToChw(Mat bgr, Span<float> chw, bool rgb, bool scale01, float[]? mean = null, float[]? std = null)
    {
        var h = bgr.Rows;
        var w = bgr.Cols;
        var plane = h * w;
        if (chw.Length < 3 * plane)
            throw new ArgumentException("tensor buffer too small");
        var k = scale01 ? 1f / 255f : 1f;
        var p = (byte*)bgr.DataPointer;
        var stride = (int)bgr.Step();
        for (var y = 0; y < h; y++)
        {
            var row = p + y * stride;
            var o = y * w;
            for (var x = 0; x < w; x++)
            {
                var b = row[3 * x] * k;
                var g = row[3 * x + 1] * k;
                var r = row[3 * x + 2] * k;
                var c0 = rgb ? r : b;
                var c2 = rgb ? b : r;
                if (mean is not null && std is not null)
                {
                    c0 = (c0 - mean[0]) / std[0];
                    g = (g - mean[1]) / std[1];
                    c2 = (c2 - mean[2]) / std[2];
                }
                chw[o + x] = c0;
                chw[plane + o + x] = g;
                chw[2 * plane + o + x] = c2;
            }
        }
    }
}
