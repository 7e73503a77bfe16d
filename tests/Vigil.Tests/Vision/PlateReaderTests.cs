using OpenCvSharp;
using Vigil.Vision.Plates;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Vision;

public sealed class PlateReaderTests(ITestOutputHelper output)
{
    [AssetFact]
    public void Plate_crop_reads_AD799KB()
    {
        using var reader = new PlateReader(Assets.Model("ch_PP-OCRv4_det_infer.onnx"), Assets.Model("ch_PP-OCRv4_rec_infer.onnx"), Assets.Model("ppocr_keys_v1.txt"));
        using var plate = Cv2.ImRead(Assets.Media("plate_crop_1.png"));
        var read = reader.Read(plate);
        using var other = Cv2.ImRead(Assets.Media("plate_crop_2.png"));
        var read2 = reader.Read(other);
        output.WriteLine($"plate_crop_1: '{read.Text}' ({read.Conf:0.00}, {read.Lines.Count} lines); plate_crop_2: '{read2.Text}' ({read2.Conf:0.00})");
        Assert.Equal("AD799KB", read.Text.Replace(" ", ""));
        Assert.True(read.Conf > 0.5);
    }
}
