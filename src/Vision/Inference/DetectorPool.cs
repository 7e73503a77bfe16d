using System.Threading.Channels;
using OpenCvSharp;

namespace Vigil.Vision.Inference;

/// <summary>
/// One detector per node shared by all its cameras: requests queue here, and a worker takes whatever is waiting (up to
/// <c>maxBatch</c>) and runs it as one batch. A camera has at most one request in flight, so the queue holds at most
/// one frame per camera and never stale video.
/// </summary>
public sealed class DetectorPool : IDisposable
{
    private sealed record Request(Mat Image, TaskCompletionSource<IReadOnlyList<ObjectBox>> Done);

    private readonly IObjectDetector _detector;
    private readonly int _maxBatch;
    private readonly Channel<Request> _queue = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Thread[] _workers;
    private readonly object _statsLock = new();
    private double _pre, _inf, _post;
    private long _frames, _batches, _failures;

    public DetectorPool(IObjectDetector detector, int maxBatch = 8, int workers = 1)
    {
        _detector = detector;
        _maxBatch = Math.Max(1, maxBatch);
        _workers = Enumerable.Range(0, Math.Max(1, workers)).Select(i => new Thread(Work) { IsBackground = true, Name = $"vigil-detector-{i}" }).ToArray();
        foreach (var w in _workers)
            w.Start();
    }

    public IObjectDetector Detector => _detector;

    /// <summary>Detects objects in an image the caller owns and keeps unchanged until the task completes.</summary>
    public Task<IReadOnlyList<ObjectBox>> DetectAsync(Mat image)
    {
        var done = new TaskCompletionSource<IReadOnlyList<ObjectBox>>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Request(image, done)))
            done.SetException(new ObjectDisposedException(nameof(DetectorPool)));
        return done.Task;
    }

    /// <summary>Frames analysed, batches run, failed batches, and the mean milliseconds per frame of each stage.</summary>
    public (long Frames, long Batches, long Failures, double PreMs, double InfMs, double PostMs) Stats()
    {
        lock (_statsLock)
        {
            var n = Math.Max(1, _frames);
            return (_frames, _batches, _failures, _pre / n, _inf / n, _post / n);
        }
    }

    private void Work()
    {
        var batch = new List<Request>(_maxBatch);
        var reader = _queue.Reader;
        while (true)
        {
            try
            {
                if (!reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                    return;
            }
            catch (ChannelClosedException)
            {
                return;
            }
            batch.Clear();
            while (batch.Count < _maxBatch && reader.TryRead(out var r))
                batch.Add(r);
            if (batch.Count == 0)
                continue;
            try
            {
                var results = _detector.Detect(batch.Select(b => b.Image).ToList(), out var t);
                lock (_statsLock)
                {
                    _frames += batch.Count;
                    _batches++;
                    _pre += t.PreprocessMs;
                    _inf += t.InferenceMs;
                    _post += t.PostprocessMs;
                }
                for (var i = 0; i < batch.Count; i++)
                    batch[i].Done.SetResult(results[i]);
            }
            catch (Exception ex)
            {
                lock (_statsLock)
                    _failures++;
                foreach (var b in batch)
                    b.Done.TrySetException(ex);
            }
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        foreach (var w in _workers)
            w.Join(TimeSpan.FromSeconds(5));
        _detector.Dispose();
    }
}
