using OpenCvSharp;
using Vigil.Vision.Inference;
using Vigil.Vision.Ppe;
using Xunit;

namespace Vigil.Tests.Vision;

public sealed class PpeModelTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"vigil-tiny-ppe-{Guid.NewGuid():N}.onnx");

    public PpeModelTests()
    {
        // Four predictions [cx, cy, w, h, person, head, helmet]: a person wearing a helmet on the left, a bare-headed one on the right.
        var p = new float[7, 4];
        void Set(int i, params float[] v)
        {
            for (var f = 0; f < 7; f++)
                p[f, i] = v[f];
        }
        Set(0, 20, 36, 16, 48, 0.9f, 0, 0);
        Set(1, 20, 16, 8, 6, 0, 0, 0.8f);
        Set(2, 46, 36, 16, 48, 0.85f, 0, 0);
        Set(3, 46, 16, 8, 6, 0, 0.8f, 0);
        File.WriteAllBytes(_path, TinyOnnx.Yolov8(64, p, ["person", "head", "helmet"]));
    }

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Site_yolov8_ppe_model_maps_classes_from_metadata_and_decides_each_person()
    {
        using var ppe = new PpeModel(YoloDetector.Load(_path, preferCuda: false));
        Assert.Equal(YoloLayout.Yolov8, ppe.Detector.Layout);
        Assert.Equal(["person", "head", "helmet"], ppe.Detector.Labels);
        using var bright = new Mat(64, 64, MatType.CV_8UC3, Scalar.White);
        var found = ppe.Detect(bright);
        Assert.Equal(4, found.Count);
        var people = found.Where(b => b.Kind == PpeKind.Person).OrderBy(b => b.Box.X).ToList();
        Assert.Equal(2, people.Count);
        Assert.Equal(12, people[0].Box.X, 0.5);
        Assert.Equal(12, people[0].Box.Y, 0.5);
        Assert.True(PpeModel.Assign(people[0].Box, found));
        Assert.False(PpeModel.Assign(people[1].Box, found));
        Assert.Null(PpeModel.Assign(new BoxF(0, 50, 5, 5), found));

        using var black = new Mat(64, 64, MatType.CV_8UC3, Scalar.Black);
        Assert.Empty(ppe.Detect(black));
    }

    [Fact]
    public void Model_without_head_and_helmet_classes_is_refused_with_a_clear_error()
    {
        var p = new float[5, 1];
        var path = _path + ".bad.onnx";
        File.WriteAllBytes(path, TinyOnnx.Yolov8(64, p, ["cat"]));
        try
        {
            var ex = Assert.Throws<InvalidDataException>(() => new PpeModel(YoloDetector.Load(path, preferCuda: false)));
            Assert.Contains("helmet", ex.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Class_names_map_common_ppe_label_spellings()
    {
        Assert.Equal(PpeKind.Helmet, PpeModel.KindOf("Hard-Hat"));
        Assert.Equal(PpeKind.Head, PpeModel.KindOf("NO-Hardhat"));
        Assert.Equal(PpeKind.Person, PpeModel.KindOf("person"));
        Assert.Null(PpeModel.KindOf("vest"));
        Assert.Equal(["a", "b"], ClassNames.ParseNames("{0: 'a', 1: \"b\"}"));
    }
}
