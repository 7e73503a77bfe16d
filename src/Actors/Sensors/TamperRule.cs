#nullable enable
using Vigil.Messages;

namespace Vigil.Actors.Sensors;

/// <summary>
/// <c>camera_tampered</c>: the picture is lost — no detections while the frame is black or frozen — for
/// <see cref="SensorDefaults.TamperConfirmS"/> of event time and at least <see cref="SensorDefaults.TamperConfirmFrames"/>
/// frames. One hazard per episode; a normal picture ends it. Only readings whose frames Vigil saw (its vision pipeline)
/// carry the picture signal, so detection lists from elsewhere never trip it.
/// </summary>
internal sealed class TamperRule(SensorIdentity id) : ICameraRule
{
    private DateTimeOffset? _since;
    private int _frames;
    private bool _reported;

    public void OnFrame(CameraFrame frame, List<Hazard> confirmed)
    {
        var lost = frame.Empty && frame.Picture is Pictures.Black or Pictures.Frozen;
        if (!lost)
        {
            if (frame.Picture is null)
            {
                _since = null;
                _frames = 0;
                _reported = false;
            }
            return;
        }
        _since ??= frame.T;
        _frames++;
        if (_reported || _frames < SensorDefaults.TamperConfirmFrames || frame.T - _since.Value < TimeSpan.FromSeconds(SensorDefaults.TamperConfirmS))
            return;
        _reported = true;
        confirmed.Add(id.Hazard(HazardTypes.CameraTampered, frame.T, detail: $"picture {frame.Picture}"));
    }

    public void Sweep(DateTimeOffset now)
    {
    }
}
