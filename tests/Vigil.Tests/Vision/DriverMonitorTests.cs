using OpenCvSharp;
using Vigil.Vision.Driver;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Vision;

public sealed class DriverMonitorTests(ITestOutputHelper output)
{
    private static DriverMonitor Monitor() => new(
        Assets.Model("face_detection_yunet_2026may.onnx"), Assets.Model("landmarks_68_pfld.onnx"),
        Assets.Cascade("haarcascade_frontalface_default.xml"), Assets.Cascade("haarcascade_eye.xml"));

    [AssetFact]
    public void Astronaut_open_eyes_and_a_synthetic_closed_eyes_case_are_separated()
    {
        using var monitor = Monitor();
        using var img = Cv2.ImRead(Assets.Media("astronaut.png"));
        var open = monitor.Observe(img);
        Assert.True(open.Face);
        Assert.Equal("yunet+pfld", open.Method);

        // Close the eyes: paint each eye (landmarks 36–41, 42–47, grown a little) with skin from the cheek and draw the lid line.
        using var closed = img.Clone();
        var pts = open.Landmarks!;
        var cheek = pts[2] + (pts[31] - pts[2]) * 0.5f;
        var skin = closed.At<Vec3b>((int)cheek.Y, (int)cheek.X);
        foreach (var first in new[] { 36, 42 })
        {
            var eye = pts.Skip(first).Take(6).ToArray();
            var c = new Point2f(eye.Average(p => p.X), eye.Average(p => p.Y));
            var grown = eye.Select(p => new Point((int)(c.X + (p.X - c.X) * 1.6f), (int)(c.Y + (p.Y - c.Y) * 2.2f))).ToArray();
            Cv2.FillPoly(closed, [grown], new Scalar(skin.Item0, skin.Item1, skin.Item2));
            Cv2.Line(closed, new Point((int)eye[0].X, (int)eye[0].Y), new Point((int)eye[3].X, (int)eye[3].Y), new Scalar(40, 40, 60), 2, LineTypes.AntiAlias);
        }
        var shut = monitor.Observe(closed);
        output.WriteLine($"open: EAR {open.EyeAspectRatio:0.000} openness {open.EyeOpen:0.00}; closed: EAR {shut.EyeAspectRatio:0.000} openness {shut.EyeOpen:0.00}");
        Assert.True(shut.Face);
        Assert.True(open.EyeOpen >= 0.75, $"open eyes read as {open.EyeOpen}");
        Assert.True(shut.EyeOpen < 0.25, $"closed eyes read as {shut.EyeOpen}");
    }

    [AssetFact]
    public void Haar_fallback_finds_the_face_and_open_eyes()
    {
        using var monitor = new DriverMonitor(null, null, Assets.Cascade("haarcascade_frontalface_default.xml"), Assets.Cascade("haarcascade_eye.xml"));
        using var img = Cv2.ImRead(Assets.Media("astronaut.png"));
        var seen = monitor.Observe(img);
        Assert.Equal("haar+haar-eyes", seen.Method);
        Assert.True(seen.Face);
        Assert.Equal(1, seen.EyeOpen);
        using var blank = new Mat(256, 256, MatType.CV_8UC3, Scalar.Gray);
        Assert.False(monitor.Observe(blank).Face);
    }

    [Fact]
    public void Eye_aspect_ratio_maps_to_openness()
    {
        Assert.Equal(0, DriverMonitor.Openness(0.05));
        Assert.Equal(1, DriverMonitor.Openness(0.30));
        Assert.True(DriverMonitor.Openness(0.17) < 0.25);
        Assert.InRange(DriverMonitor.Openness(0.21), 0.4, 0.6);
    }
}
