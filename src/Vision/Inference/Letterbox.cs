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

    /// <summary>
    /// Copies an 8-bit BGR image into planar floats, c = (x·k − mean) / std per channel, with OpenCV's vectorised
    /// split and convert writing straight into the tensor buffer.
    /// </summary>
    public static unsafe void ToChw(Mat bgr, Span<float> chw, bool rgb, bool scale01, float[]? mean = null, float[]? std = null)
    {
        var h = bgr.Rows;
        var w = bgr.Cols;
        var plane = h * w;
        if (chw.Length < 3 * plane)
            throw new ArgumentException("tensor buffer too small");
        var k = scale01 ? 1f / 255f : 1f;
        var channels = bgr.Split();
        try
        {
            fixed (float* p = chw)
            {
                for (var c = 0; c < 3; c++)
                {
                    // Output plane c holds R,G,B for rgb, else B,G,R; mean/std are given in output order.
                    var src = channels[rgb ? 2 - c : c];
                    var m = mean?[c] ?? 0f;
                    var sd = std?[c] ?? 1f;
                    using var dst = Mat.FromPixelData(h, w, MatType.CV_32FC1, (IntPtr)(p + c * plane));
                    src.ConvertTo(dst, MatType.CV_32F, k / sd, -m / sd);
                }
            }
        }
        finally
        {
            foreach (var c in channels)
                c.Dispose();
        }
    }
}
