namespace Vigil.Node.Replay;

/// <summary>How far a replay has got: readings sent, hazards the sensors confirmed so far, time taken.</summary>
public sealed record ReplayProgress(long Readings, long Hazards, TimeSpan Elapsed, bool Done)
{
    public double ReadingsPerSecond => Readings / Math.Max(Elapsed.TotalSeconds, 1e-3);

    public override string ToString() =>
        $"{Readings:N0} readings, {ReadingsPerSecond:N0} readings/s, {Hazards:N0} hazards, {Elapsed.TotalSeconds:0.0} s";

    /// <summary>A progress line on stderr that rewrites itself, only when stderr is a terminal (never in files or pipes).</summary>
    public static IProgress<ReplayProgress>? ForConsole() => Console.IsErrorRedirected ? null : new ConsoleLine();

    /// <summary>Synchronous (not <see cref="Progress{T}"/>): the line must be drawn before the replay moves on.</summary>
    private sealed class ConsoleLine : IProgress<ReplayProgress>
    {
        private DateTime _last = DateTime.MinValue;

        public void Report(ReplayProgress value)
        {
            var now = DateTime.UtcNow;
            if (!value.Done && now - _last < TimeSpan.FromMilliseconds(250))
                return;
            _last = now;
            Console.Error.Write("\r" + value + "   ");
            if (value.Done)
                Console.Error.WriteLine();
        }
    }
}
