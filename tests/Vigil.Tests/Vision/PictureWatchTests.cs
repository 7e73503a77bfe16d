using OpenCvSharp;
using Vigil.Messages;
using Vigil.Vision.Pipeline;
using Xunit;

namespace Vigil.Tests.Vision;

public sealed class PictureWatchTests
{
    private static Mat Noise(int seed)
    {
        var bytes = new byte[360 * 640 * 3];
        new Random(seed).NextBytes(bytes);
        var m = new Mat(360, 640, MatType.CV_8UC3);
        System.Runtime.InteropServices.Marshal.Copy(bytes, 0, m.Data, bytes.Length);
        return m;
    }

    [Fact]
    public void Black_and_flat_pictures_are_black_a_repeated_frame_is_frozen_a_live_one_is_neither()
    {
        var watch = new PictureWatch();
        using var black = new Mat(360, 640, MatType.CV_8UC3, new Scalar(3, 3, 3));
        using var grey = new Mat(360, 640, MatType.CV_8UC3, new Scalar(128, 128, 128));
        using var a = Noise(1);
        using var b = Noise(2);

        Assert.Equal(Pictures.Black, watch.Observe(black));
        Assert.Equal(Pictures.Black, watch.Observe(grey)); // sprayed or covered with something flat
        Assert.Null(watch.Observe(a));
        Assert.Null(watch.Observe(b)); // a live camera: successive frames differ
        Assert.Equal(Pictures.Frozen, watch.Observe(b));
        Assert.Null(watch.Observe(a));
    }
}
