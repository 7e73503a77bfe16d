using System.Diagnostics;
using OpenCvSharp;

namespace Vigil.Vision.Capture;

/// <summary>Where a camera's video comes from, parsed from <c>config.source</c>.</summary>
public sealed record CameraSource(string Uri, bool IsFile)
{
    public static CameraSource Parse(string source)
    {
        if (string.IsNullOrWhiteSpace(source))
            throw new ArgumentException("camera source is empty");
        if (source.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase)
            || source.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            return new CameraSource(source, false);
        if (source.Contains("://", StringComparison.Ordinal))
            throw new ArgumentException($"camera source '{source}' is not a file path, rtsp:// or http:// URL");
        return new CameraSource(source.StartsWith("file:", StringComparison.Ordinal) ? source[5..] : source, true);
    }
}

/// <summary>How a capture loop plays its source.</summary>
public sealed record CaptureOptions
{
    /// <summary>Play files at their own frame rate, as a camera would deliver them (false: as fast as they decode).</summary>
    public bool Realtime { get; init; } = true;

    /// <summary>Start a file again at its end (demo); otherwise the capture ends with the file.</summary>
    public bool LoopFiles { get; init; }

    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// One camera's capture loop on its own thread, outside any actor mailbox: reads frames into the camera's
/// <see cref="FrameSlot"/>, reconnects with exponential backoff when the source fails, and reports online/offline.
/// </summary>
public sealed class CameraCapture : IDisposable
{
    private readonly CameraSource _source;
    private readonly CaptureOptions _options;
    private readonly Action<bool, string> _onStatus;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private long _reconnects;
    private int _disposed;

    /// <param name="onStatus">called from the capture thread: (online, why)</param>
    public CameraCapture(string name, CameraSource source, FrameSlot slot, CaptureOptions options, Action<bool, string> onStatus)
    {
        _source = source;
        _options = options;
        _onStatus = onStatus;
        Slot = slot;
        _thread = new Thread(() => Run(_stop.Token)) { IsBackground = true, Name = $"vigil-capture-{name}" };
    }

    public FrameSlot Slot { get; }

    public bool Online { get; private set; }

    public bool Finished { get; private set; }

    public long Reconnects => Interlocked.Read(ref _reconnects);

    public double SourceFps { get; private set; }

    public void Start() => _thread.Start();

    private void Run(CancellationToken ct)
    {
        var backoff = _options.FirstBackoff;
        var buffer = new Mat();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                using var cap = Open();
                if (cap is null)
                {
                    SetOnline(false, $"cannot open {_source.Uri}; retrying in {backoff.TotalSeconds:0.#} s");
                    if (ct.WaitHandle.WaitOne(backoff))
                        return;
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
                    Interlocked.Increment(ref _reconnects);
                    continue;
                }
                backoff = _options.FirstBackoff;
                var fps = cap.Fps;
                SourceFps = fps is > 0 and < 1000 ? fps : 0;
                var period = _source.IsFile && _options.Realtime && SourceFps > 0 ? TimeSpan.FromSeconds(1 / SourceFps) : TimeSpan.Zero;
                var clock = Stopwatch.StartNew();
                long n = 0;
                SetOnline(true, $"reading {_source.Uri}");
                while (!ct.IsCancellationRequested)
                {
                    if (!cap.Read(buffer) || buffer.Empty())
                        break;
                    buffer = Slot.Publish(buffer, DateTimeOffset.UtcNow);
                    n++;
                    if (period > TimeSpan.Zero)
                    {
                        var due = period * n - clock.Elapsed;
                        if (due > TimeSpan.Zero && ct.WaitHandle.WaitOne(due))
                            return;
                    }
                }
                if (ct.IsCancellationRequested)
                    return;
                if (_source.IsFile && !_options.LoopFiles)
                {
                    Finished = true;
                    SetOnline(false, $"end of {_source.Uri}");
                    return;
                }
                if (!_source.IsFile)
                {
                    SetOnline(false, $"lost {_source.Uri}; reconnecting in {backoff.TotalSeconds:0.#} s");
                    Interlocked.Increment(ref _reconnects);
                    if (ct.WaitHandle.WaitOne(backoff))
                        return;
                }
            }
        }
        finally
        {
            buffer.Dispose();
        }
    }

    private IFrameReader? Open()
    {
        if (_source.IsFile)
            return File.Exists(_source.Uri) ? OpenCvFrameReader.Open(_source.Uri) : null;
        if (_source.Uri.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            return MjpegHttpReader.Open(_source.Uri);
        return (IFrameReader?)OpenCvFrameReader.Open(_source.Uri) ?? FfmpegPipeReader.Open(_source.Uri);
    }

    private void SetOnline(bool online, string why)
    {
        if (online == Online && online)
            return;
        Online = online;
        _onStatus(online, why);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        _stop.Cancel();
        if (_thread.IsAlive)
            _thread.Join(TimeSpan.FromSeconds(5));
    }
}
