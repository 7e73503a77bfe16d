using System.Diagnostics;
using System.Text;
using OpenCvSharp;

namespace Vigil.Vision.Capture;

/// <summary>Reads successive frames of one opened source into a caller's buffer.</summary>
public interface IFrameReader : IDisposable
{
    /// <summary>Frames per second the source declares, 0 when unknown.</summary>
    double Fps { get; }

    /// <summary>Reads the next frame into <paramref name="into"/>; false at the end or when the source is lost.</summary>
    bool Read(Mat into);
}

/// <summary>Files (and whatever OpenCV's bundled FFmpeg can open) through <see cref="VideoCapture"/>.</summary>
public sealed class OpenCvFrameReader(VideoCapture capture) : IFrameReader
{
    public double Fps { get; } = capture.Fps;

    public static OpenCvFrameReader? Open(string uri)
    {
        var cap = new VideoCapture();
        try
        {
            if (cap.Open(uri, VideoCaptureAPIs.FFMPEG) && cap.IsOpened())
                return new OpenCvFrameReader(cap);
        }
        catch (Exception)
        {
        }
        cap.Dispose();
        return null;
    }

    public bool Read(Mat into) => capture.Read(into) && !into.Empty();

    public void Dispose() => capture.Dispose();
}

/// <summary>
/// An HTTP MJPEG camera (<c>multipart/x-mixed-replace</c> of JPEGs), read with <see cref="HttpClient"/> and decoded
/// with OpenCV. Needed because OpenCvSharp's bundled FFmpeg is built without network protocols. A part is taken by
/// its Content-Length, else up to the JPEG end marker; a stream silent for <c>stallTimeout</c> counts as lost.
/// </summary>
public sealed class MjpegHttpReader : IFrameReader
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) }) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly HttpResponseMessage _response;
    private readonly Stream _stream;
    private readonly TimeSpan _stallTimeout;
    private readonly byte[] _one = new byte[1];
    private byte[] _buffer = new byte[256 * 1024];

    private MjpegHttpReader(HttpResponseMessage response, Stream stream, TimeSpan stallTimeout)
    {
        _response = response;
        _stream = stream;
        _stallTimeout = stallTimeout;
    }

    public double Fps => 0;

    public static MjpegHttpReader? Open(string uri, TimeSpan? stallTimeout = null)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var response = Client.Send(new HttpRequestMessage(HttpMethod.Get, uri), HttpCompletionOption.ResponseHeadersRead, cts.Token);
            if (!response.IsSuccessStatusCode)
            {
                response.Dispose();
                return null;
            }
            var stream = response.Content.ReadAsStream(cts.Token);
            return new MjpegHttpReader(response, new BufferedStream(stream, 64 * 1024), stallTimeout ?? TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            return null;
        }
    }

    public bool Read(Mat into)
    {
        try
        {
            using var stall = new CancellationTokenSource(_stallTimeout);
            using var _ = stall.Token.Register(() => _stream.Dispose());
            int length = -1;
            // Part headers: skip to the first header block, then read until the blank line.
            string? line;
            while ((line = ReadLine()) is not null)
            {
                if (line.Length == 0)
                {
                    if (length >= 0)
                        break;
                    continue;
                }
                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase) && int.TryParse(line.AsSpan(15).Trim(), out var n))
                    length = n;
                else if (line.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase) && length < 0)
                    length = 0; // headers without a length: scan for the JPEG end marker
            }
            if (line is null)
                return false;
            var size = length > 0 ? ReadExactly(length) : ReadToJpegEnd();
            if (size <= 0)
                return false;
            Cv2.ImDecode(new ReadOnlySpan<byte>(_buffer, 0, size), ImreadModes.Color).CopyToAndDispose(into);
            return !into.Empty();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or HttpRequestException)
        {
            return false;
        }
    }

    private string? ReadLine()
    {
        var sb = new StringBuilder();
        while (true)
        {
            var b = _stream.ReadByte();
            if (b < 0)
                return null;
            if (b == '\n')
                return sb.ToString().TrimEnd('\r');
            if (sb.Length > 1024)
                throw new IOException("MJPEG part header line too long");
            sb.Append((char)b);
        }
    }

    private int ReadExactly(int length)
    {
        if (length > 32 * 1024 * 1024)
            throw new IOException("MJPEG part larger than 32 MiB");
        if (_buffer.Length < length)
            _buffer = new byte[length];
        _stream.ReadExactly(_buffer, 0, length);
        return length;
    }

    private int ReadToJpegEnd()
    {
        var n = 0;
        var prev = -1;
        while (true)
        {
            if (_stream.Read(_one, 0, 1) == 0)
                return 0;
            if (n == _buffer.Length)
            {
                if (n >= 32 * 1024 * 1024)
                    throw new IOException("MJPEG part without an end marker");
                Array.Resize(ref _buffer, n * 2);
            }
            _buffer[n++] = _one[0];
            if (prev == 0xFF && _one[0] == 0xD9)
                return n;
            prev = _one[0];
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _response.Dispose();
    }
}

/// <summary>
/// RTSP through an <c>ffmpeg</c> executable on the PATH, transcoding to MJPEG on a pipe, for runtimes whose OpenCV
/// FFmpeg has no network protocols (the OpenCvSharp package's). Null when no ffmpeg is installed.
/// </summary>
public sealed class FfmpegPipeReader : IFrameReader
{
    private readonly Process _process;
    private readonly Stream _stdout;
    private byte[] _buffer = new byte[256 * 1024];

    private FfmpegPipeReader(Process process)
    {
        _process = process;
        _stdout = new BufferedStream(process.StandardOutput.BaseStream, 64 * 1024);
    }

    public double Fps => 0;

    public static FfmpegPipeReader? Open(string uri)
    {
        var exe = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "ffmpeg")).FirstOrDefault(File.Exists);
        if (exe is null)
            return null;
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = false, UseShellExecute = false };
        foreach (var a in new[] { "-nostdin", "-loglevel", "error", "-rtsp_transport", "tcp", "-i", uri, "-f", "image2pipe", "-vcodec", "mjpeg", "-q:v", "4", "-" })
            psi.ArgumentList.Add(a);
        try
        {
            return new FfmpegPipeReader(Process.Start(psi)!);
        }
        catch (Exception)
        {
            return null;
        }
    }

    public bool Read(Mat into)
    {
        var n = 0;
        int prev = -1, b;
        var started = false;
        while ((b = _stdout.ReadByte()) >= 0)
        {
            if (!started)
            {
                if (prev == 0xFF && b == 0xD8)
                {
                    started = true;
                    _buffer[0] = 0xFF;
                    _buffer[1] = 0xD8;
                    n = 2;
                }
                prev = b;
                continue;
            }
            if (n == _buffer.Length)
                Array.Resize(ref _buffer, n * 2);
            _buffer[n++] = (byte)b;
            if (prev == 0xFF && b == 0xD9)
            {
                Cv2.ImDecode(new ReadOnlySpan<byte>(_buffer, 0, n), ImreadModes.Color).CopyToAndDispose(into);
                return !into.Empty();
            }
            prev = b;
        }
        return false;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}

internal static class MatExtensions
{
    public static void CopyToAndDispose(this Mat decoded, Mat into)
    {
        using (decoded)
            decoded.CopyTo(into);
    }
}
