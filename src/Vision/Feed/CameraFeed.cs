using System.Diagnostics;
using OpenCvSharp;
using Vigil.Messages;
using Vigil.Vision.Capture;
using Vigil.Vision.Inference;
using Vigil.Vision.Pipeline;
using Vigil.Vision.Ppe;

namespace Vigil.Vision.Feed;

/// <summary>
/// One camera end to end outside the actors: its capture thread fills the frame slot, and its analysis loop takes the
/// newest frame, has the node's detector pool look at it, tracks and judges it, and hands the resulting detections
/// (never the frame) to <c>onReading</c>.
/// </summary>
public sealed class CameraFeed : IDisposable
{
    private readonly CameraCapture _capture;
    private readonly FrameSlot _slot = new();
    private readonly DetectorPool _pool;
    private readonly PpeModel? _ppe;
    private readonly Action<DateTimeOffset, CameraDetections> _onReading;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private long _analysed, _errors;
    private double _lastAnalysisMs;

    public CameraFeed(string sensorId, CameraSource source, DetectorPool pool, CameraAnalyzer analyzer, CaptureOptions options,
        Action<DateTimeOffset, CameraDetections> onReading, Action<bool, string> onStatus, PpeModel? ppe = null)
    {
        SensorId = sensorId;
        _pool = pool;
        _ppe = ppe;
        Analyzer = analyzer;
        _onReading = onReading;
        _capture = new CameraCapture(sensorId, source, _slot, options, onStatus);
    }

    public string SensorId { get; }

    public CameraAnalyzer Analyzer { get; }

    public long Analysed => Interlocked.Read(ref _analysed);

    /// <summary>Frames captured but replaced by a newer one before analysis took them.</summary>
    public long Dropped => _slot.Dropped;

    public long Captured => _slot.Published;

    public long Errors => Interlocked.Read(ref _errors);

    public bool Online => _capture.Online;

    /// <summary>True once a file source without looping has been read to its end and its last frame analysed.</summary>
    public bool Finished => _capture.Finished && _loop is { IsCompleted: true };

    public double LastAnalysisMs => Volatile.Read(ref _lastAnalysisMs);

    public void Start()
    {
        _capture.Start();
        _loop = Task.Run(() => Loop(_stop.Token));
    }

    private async Task Loop(CancellationToken ct)
    {
        var work = new Mat();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (!_slot.TryTake(ref work, out var t, out _, TimeSpan.FromMilliseconds(250), ct))
                {
                    if (_capture.Finished)
                        return;
                    continue;
                }
                var sw = Stopwatch.StartNew();
                try
                {
                    var boxes = await _pool.DetectAsync(work).ConfigureAwait(false);
                    var ppe = _ppe?.Detect(work);
                    var reading = Analyzer.Analyze(work, t, boxes, ppe);
                    Interlocked.Increment(ref _analysed);
                    Volatile.Write(ref _lastAnalysisMs, sw.Elapsed.TotalMilliseconds);
                    _onReading(t, reading);
                }
                catch (Exception) when (!ct.IsCancellationRequested)
                {
                    // A frame the detector could not take is that frame's loss, counted; the camera keeps going.
                    Interlocked.Increment(ref _errors);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            work.Dispose();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _capture.Dispose();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
        _slot.Dispose();
        Analyzer.Evidence?.Dispose();
        _stop.Dispose();
    }
}
