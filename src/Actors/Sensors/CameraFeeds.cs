using Akka.Actor;
using Vigil.Messages;

namespace Vigil.Actors.Sensors;

/// <summary>
/// Starts the capture child of a camera whose <c>config.source</c> is set; implemented by the vision pipeline on nodes
/// that run it. The child lives under the sensor entity, so it follows the entity when its shard moves.
/// </summary>
public interface ICameraFeeds
{
    /// <summary>Props of the child that captures and analyses this camera's video, or null when it has no source.</summary>
    Props? FeedProps(string sensorId, string zoneId, SensorConfig config);
}

/// <summary>Asks a camera's capture child to draw the frame that confirmed a hazard and store it at a path under the evidence folder.</summary>
public sealed record CaptureEvidence(string HazardId, string Type, string? Subject, DateTimeOffset T, string RelativePath);

/// <summary>Where evidence JPEGs of a sensor's hazards are stored, relative to the node's evidence folder.</summary>
public static class EvidencePaths
{
    public static string For(string sensorId, string hazardId) => $"{Safe(sensorId)}/{Safe(hazardId)}.jpg";

    private static string Safe(string s) =>
        new(s.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
}
