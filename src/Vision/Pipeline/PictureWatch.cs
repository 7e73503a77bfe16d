using OpenCvSharp;
using Vigil.Messages;

namespace Vigil.Vision.Pipeline;

/// <summary>
/// Watches one camera's picture for tampering signs: black (dark or featureless: a covered lens, paint, a lost signal)
/// or frozen (exactly the same picture as the last frame: a stuck feed or a photo held up). Works on a small
/// nearest-neighbour sample of the frame, so a live camera's sensor noise keeps successive samples apart while a
/// repeated frame is bit-identical; it keeps only that sample, never the frame.
/// </summary>
public sealed class PictureWatch
{
    private const int SampleW = 64, SampleH = 36;
    private const double DarkMean = 16, DarkStdDev = 6, FlatStdDev = 3;

    private readonly Mat _gray = new();
    private readonly Mat _sample = new();
    private byte[]? _last;

    /// <summary>The picture signal of this frame: <see cref="Pictures.Black"/>, <see cref="Pictures.Frozen"/> or null.</summary>
    public string? Observe(Mat frame)
    {
        if (frame.Empty())
            return Pictures.Black;
        if (frame.Channels() == 1)
            frame.CopyTo(_gray);
        else
            Cv2.CvtColor(frame, _gray, frame.Channels() == 4 ? ColorConversionCodes.BGRA2GRAY : ColorConversionCodes.BGR2GRAY);
        Cv2.Resize(_gray, _sample, new Size(SampleW, SampleH), 0, 0, InterpolationFlags.Nearest);
        Cv2.MeanStdDev(_sample, out var mean, out var stdDev);
        var bytes = new byte[SampleW * SampleH];
        System.Runtime.InteropServices.Marshal.Copy(_sample.Data, bytes, 0, bytes.Length);
        var frozen = _last is not null && bytes.AsSpan().SequenceEqual(_last);
        _last = bytes;
        if ((mean.Val0 < DarkMean && stdDev.Val0 < DarkStdDev) || stdDev.Val0 < FlatStdDev)
            return Pictures.Black;
        return frozen ? Pictures.Frozen : null;
    }
}
