using OpenCvSharp;
using Vigil.Vision.Inference;
using Vigil.Vision.Ppe;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Vision;

public sealed class HardHatTests(ITestOutputHelper output)
{
    /// <summary>
    /// Ground truth by eye, per person the COCO detector finds (sorted left to right): shwd_1 is a shopping street
    /// (nobody wears a hard hat), shwd_3 a plant hall (every worker wears one), shwd_7 a site where all but the
    /// bare-headed man on the right (index 5) wear one.
    /// </summary>
    private static readonly (string File, Func<int, bool> Truth)[] Photos =
    [
        ("shwd_1.jpg", _ => false),
        ("shwd_3.jpg", _ => true),
        ("shwd_7.jpg", i => i != 5),
    ];

    [AssetFact]
    public void Head_region_judgement_measured_on_the_hard_hat_photos()
    {
        using var detector = YoloDetector.Load(Assets.Model("yolox_nano_coco_416.onnx"), preferCuda: false, threshold: 0.35f);
        var judge = new HeadRegionHelmet();
        int tp = 0, tn = 0, fp = 0, fn = 0, unknown = 0;
        foreach (var (file, truth) in Photos)
        {
            using var img = Cv2.ImRead(Assets.Media(file));
            var people = detector.Detect([img], out _)[0].Where(b => b.Label == "person").OrderBy(b => b.Box.X).ToList();
            for (var i = 0; i < people.Count; i++)
            {
                switch (judge.HasHelmet(img, people[i].Box), truth(i))
                {
                    case (null, _): unknown++; break;
                    case (true, true): tp++; break;
                    case (false, false): tn++; break;
                    case (true, false): fp++; break;
                    default: fn++; break;
                }
            }
            output.WriteLine($"{file}: {people.Count} people");
        }
        var total = tp + tn + fp + fn + unknown;
        var accuracy = (double)(tp + tn) / total;
        output.WriteLine($"people {total}: helmet TP {tp} FN {fn}; no helmet TN {tn} FP {fp}; undecided {unknown}; accuracy {accuracy:P1}");
        Assert.Equal(43, total);
        // All-"no helmet" would score 32/43 = 74%; the colour judgement must beat it and find most helmets.
        Assert.True(accuracy >= 0.8, $"accuracy {accuracy:P1}");
        Assert.True(tp >= 7, $"helmets found {tp} of {tp + fn}");
    }

    [Fact]
    public void Safety_colours_count_as_helmet_and_skin_or_hair_does_not()
    {
        Assert.True(HeadRegionHelmet.IsHelmetColour(28, 220, 230)); // yellow
        Assert.True(HeadRegionHelmet.IsHelmetColour(110, 200, 200)); // blue
        Assert.True(HeadRegionHelmet.IsHelmetColour(0, 10, 240)); // white
        Assert.False(HeadRegionHelmet.IsHelmetColour(10, 100, 180)); // skin
        Assert.False(HeadRegionHelmet.IsHelmetColour(15, 80, 40)); // dark hair
    }
}
