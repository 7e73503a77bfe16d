namespace Vigil.Node.Ingest;

/// <summary>A scenario file broke the format; the message reads <c>line 17: reading.speed.kmh: …</c>.</summary>
public sealed class ScenarioFormatException(int line, string problem) : Exception($"line {line}: {problem}")
{
    /// <summary>The 1-based line the problem is on.</summary>
    public int Line { get; } = line;

    /// <summary>The problem without the line prefix.</summary>
    public string Problem { get; } = problem;
}
