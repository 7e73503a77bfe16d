using OpenCvSharp;
using Vigil.Vision.Inference;

namespace Vigil.Vision.Ppe;

/// <summary>Decides whether a person wears a hard hat; null when it cannot tell (head too small, out of frame).</summary>
public interface IHelmetClassifier
{
    bool? HasHelmet(Mat frame, BoxF person);
}

/// <summary>
/// Hard-hat status from the colour of the top of a person's box. Hard hats are painted in a few saturated safety
/// colours (yellow, orange, red, blue, green) or white; hair is dark and skin only moderately saturated. The share of
/// head-region pixels in those colours, above a threshold, says "helmet". Measured on the hard-hat photos in
/// docs/vision.md; a trained PPE model (<see cref="PpeModel"/>) replaces it where a site supplies one.
/// </summary>
public sealed class HeadRegionHelmet(double threshold = 0.1, int minHeadPx = 6, float headFrac = 0.15f, float widthFrac = 0.5f) : IHelmetClassifier
{
    public bool? HasHelmet(Mat frame, BoxF person) => HelmetShare(frame, person) is { } share ? share >= threshold : null;

    /// <summary>The head region of a person box: the top of the box, about a head high, centred.</summary>
    public static Rect? HeadRegion(BoxF person, int frameW, int frameH, int minHeadPx = 10, float headFrac = 0.2f, float widthFrac = 0.6f)
    {
        var headH = Math.Min(person.H * headFrac, person.W * 0.7f);
        var headW = Math.Min(person.W * widthFrac, headH * 1.2f);
        var x = person.X + (person.W - headW) / 2;
        var rect = new Rect((int)x, (int)person.Y, (int)headW, (int)headH).Intersect(new Rect(0, 0, frameW, frameH));
        return rect.Width < minHeadPx || rect.Height < minHeadPx ? null : rect;
    }

    /// <summary>The share of the head region painted in hard-hat colours, or null when the head is too small.</summary>
    public double? HelmetShare(Mat frame, BoxF person)
    {
        if (HeadRegion(person, frame.Width, frame.Height, minHeadPx, headFrac, widthFrac) is not { } rect)
            return null;
        using var head = new Mat(frame, rect);
        using var hsv = new Mat();
        Cv2.CvtColor(head, hsv, ColorConversionCodes.BGR2HSV);
        // One copy of the (small) head region out of native memory, then a plain loop: no call into OpenCV per pixel.
        if (!hsv.GetArray(out Vec3b[] pixels) || pixels.Length == 0)
            return null;
        var hits = 0;
        foreach (var p in pixels)
            if (IsHelmetColour(p.Item0, p.Item1, p.Item2))
                hits++;
        return (double)hits / pixels.Length;
    }

    /// <summary>OpenCV HSV (H 0–179): saturated safety colours, or bright near-white.</summary>
    public static bool IsHelmetColour(byte h, byte s, byte v)
    {
        if (s < 45 && v > 190)
            return true; // white
        if (s < 140 || v < 120)
            return false;
        return h is >= 18 and <= 40 // yellow
            || h <= 12 && s > 170 // orange / red, more saturated than skin
            || h >= 165 // red
            || h is >= 90 and <= 130 // blue
            || h is >= 45 and <= 85; // green
    }
}
