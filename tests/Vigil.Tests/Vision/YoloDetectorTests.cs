using OpenCvSharp;
using Vigil.Vision.Inference;
using Xunit;

namespace Vigil.Tests.Vision;

public sealed class YoloDetectorTests
{
    [AssetFact]
    public void Yolox_nano_finds_pedestrians_in_the_walkway_video()
    {
        using var detector = YoloDetector.Load(Assets.Model("yolox_nano_coco_416.onnx"), preferCuda: false);
        Assert.Equal(YoloLayout.Yolox, detector.Layout);
        Assert.Equal("person", detector.Labels[0]);
        using var cap = new VideoCapture(Assets.Media("vtest_240f_xvid.avi"));
        using var frame = new Mat();
        Assert.True(cap.Read(frame));
        var found = detector.Detect([frame], out var times)[0];
        var people = found.Where(b => b.Label == "person").ToList();
        Assert.True(people.Count >= 3, $"expected several pedestrians, got {people.Count}");
        Assert.All(people, p => Assert.InRange(p.Box.H / p.Box.W, 1.2, 6));
        Assert.All(found, b => Assert.True(b.Box.X >= 0 && b.Box.X + b.Box.W <= frame.Width + 0.01));
        Assert.Equal(1, times.Frames);
    }

    [AssetFact]
    public void Person_and_dog_found_in_the_darknet_sample()
    {
        using var detector = YoloDetector.Load(Assets.Model("yolox_nano_coco_416.onnx"), preferCuda: false);
        using var img = Cv2.ImRead(Assets.Media("person.jpg"));
        var labels = detector.Detect([img], out _)[0].Select(b => b.Label).ToHashSet();
        Assert.Contains("person", labels);
        Assert.Contains("dog", labels);
    }
}
