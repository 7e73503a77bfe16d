namespace Vigil.Node.Ingest;

/// <summary>The bounds the edge parser enforces, so that nothing it accepts can exhaust or crash an actor.</summary>
public static class ScenarioLimits
{
    /// <summary>JSON nesting the parser accepts; the deepest legal path (danger_zones) needs 5.</summary>
    public const int MaxDepth = 32;

    /// <summary>Characters in one scenario line; a 1024×1024 thermal frame written with a few decimals fits.</summary>
    public const int MaxLineChars = 32 * 1024 * 1024;

    public const double MaxKmh = 400;
    public const int MaxLane = 64;
    public const int MaxDetections = 512;
    public const int MaxFrameSide = 16384;
    public const int MaxThermalSide = 1024;
    public const double MinCelsius = -60;
    public const double MaxCelsius = 2000;

    /// <summary>Largest |x|, |y|, w or h of a box or polygon point, in pixels.</summary>
    public const double MaxPixel = 100_000;

    public const int MaxPolygons = 64;
    public const int MaxPolygonPoints = 256;

    /// <summary>Tracks, radar targets, names of people to notify.</summary>
    public const int MaxShortText = 64;
    public const int MaxPlateChars = 32;
    public const int MaxNameChars = 200;
    public const int MaxImagePathChars = 1024;

    public const int MaxActuators = 64;
    public const int MaxEscalationSteps = 16;

    /// <summary>A week: longer intervals, cooldowns or escalation delays are typos, not plans.</summary>
    public const double MaxSeconds = 7 * 24 * 3600;

    public const double MaxSirenS = 3600;
    public const double MaxMatchWindowS = 600;

    /// <summary>A person further than this from a vehicle is not mixing with it on any plant road.</summary>
    public const double MaxMixingDistanceM = 100;
    public const int MaxFrames = 10_000;
    public const double MaxRiseCPerMin = 1000;
}
