using Akka.Actor;
using Akka.Event;
using Vigil.Actors.Sensors;
using Vigil.Messages;
using Vigil.Vision.Pipeline;

namespace Vigil.Vision.Feed;

/// <summary>
/// The capture child of a camera sensor entity: owns the camera's <see cref="CameraFeed"/> (its threads, not its
/// mailbox, carry the video), sends the detections of each analysed frame to the sensor as an ordinary reading, and
/// draws evidence JPEGs on request. Stopping it (decommission, reconfigure, shard hand-off) stops the capture.
/// </summary>
public sealed class CameraFeedActor : ReceiveActor
{
    private sealed record FeedStatus(bool Online, string Why);

    private readonly string _sensorId;
    private readonly SensorConfig _config;
    private readonly VisionService _vision;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private CameraFeed? _feed;

    public static Props Props(string sensorId, SensorConfig config, VisionService vision) =>
        Akka.Actor.Props.Create(() => new CameraFeedActor(sensorId, config, vision));

    public CameraFeedActor(string sensorId, SensorConfig config, VisionService vision)
    {
        _sensorId = sensorId;
        _config = config;
        _vision = vision;
        Receive<FeedStatus>(s =>
        {
            if (s.Online)
                _log.Info("Camera {SensorId} capturing: {Why}", _sensorId, s.Why);
            else
                _log.Warning("Camera {SensorId} not capturing: {Why}", _sensorId, s.Why);
        });
        Receive<CaptureEvidence>(e =>
        {
            var path = Path.Combine(_vision.Options.EvidenceDir, e.RelativePath);
            try
            {
                if (_feed?.Analyzer.Evidence?.Write(path, e.T, e.Type, e.Subject, _config.DangerZones) != true)
                    _log.Warning("Camera {SensorId}: no frame kept for evidence of {HazardId}", _sensorId, e.HazardId);
            }
            catch (Exception ex)
            {
                _log.Error(ex, "Camera {SensorId}: evidence {Path} could not be written", _sensorId, path);
            }
        });
    }

    protected override void PreStart()
    {
        var parent = Context.Parent;
        var self = Self;
        var sensorId = _sensorId;
        _feed = _vision.CreateFeed(sensorId, _config.Source!,
            (t, detections) => parent.Tell(new SensorReading(sensorId, t, detections), ActorRefs.NoSender),
            (online, why) => self.Tell(new FeedStatus(online, why)));
        _feed.Start();
    }

    protected override void PostStop() => _feed?.Dispose();
}
