using OpenCvSharp;

namespace Vigil.Vision.Capture;

/// <summary>
/// The newest frame of one camera, double-buffered with reused <see cref="Mat"/>s: the capture thread publishes by
/// swapping its buffer in, the analyser takes by swapping its own buffer out. A frame replaced before anyone took it
/// is counted as dropped: analysis always sees the newest frame and never a queue of stale video.
/// </summary>
public sealed class FrameSlot : IDisposable
{
    private readonly object _lock = new();
    private Mat _front = new();
    private DateTimeOffset _frontTime;
    private long _frontSeq;
    private bool _fresh;
    private long _dropped, _published;

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Published => Interlocked.Read(ref _published);

    /// <summary>Swaps <paramref name="filled"/> in as the newest frame; returns the buffer to fill next.</summary>
    public Mat Publish(Mat filled, DateTimeOffset t)
    {
        lock (_lock)
        {
            if (_fresh)
                _dropped++;
            (_front, filled) = (filled, _front);
            _frontTime = t;
            _frontSeq++;
            _fresh = true;
            _published++;
            Monitor.PulseAll(_lock);
            return filled;
        }
    }

    /// <summary>Waits for a frame newer than the last one taken and swaps it with <paramref name="spare"/>.</summary>
    public bool TryTake(ref Mat spare, out DateTimeOffset t, out long seq, TimeSpan wait, CancellationToken ct)
    {
        lock (_lock)
        {
            var deadline = DateTime.UtcNow + wait;
            while (!_fresh)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || ct.IsCancellationRequested)
                {
                    t = default;
                    seq = 0;
                    return false;
                }
                Monitor.Wait(_lock, left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
            }
            (_front, spare) = (spare, _front);
            t = _frontTime;
            seq = _frontSeq;
            _fresh = false;
            return true;
        }
    }

    public void Dispose()
    {
        lock (_lock)
            _front.Dispose();
    }
}
