#nullable enable
using Vigil.Messages;

namespace Vigil.Actors.Sensors;

/// <summary>person_vehicle_mixing: a person within 1.5 box heights of a vehicle or forklift in 2 consecutive frames of the track; one hazard per episode.</summary>
internal sealed class MixingRule : ICameraRule
{
    private sealed class Track
    {
        public int NearInARow;
        public int AwayInARow;
        public bool InEpisode;
    }

    private readonly SensorIdentity _id;
    private readonly TrackTable<Track> _tracks =
        new(TimeSpan.FromSeconds(SensorDefaults.TrackForgetS), SensorDefaults.MaxTracks, () => new Track());

    public MixingRule(SensorIdentity id) => _id = id;

    public void OnFrame(CameraFrame frame, List<Hazard> confirmed)
    {
        foreach (var person in frame.People)
        {
            var near = frame.Vehicles.Count > 0 && person.Boxes.Any(p => IsNearAnyVehicle(p, frame.Vehicles));
            var track = _tracks.Touch(person.Key, frame.T);
            track.NearInARow = near ? track.NearInARow + 1 : 0;
            track.AwayInARow = near ? 0 : track.AwayInARow + 1;

            if (!track.InEpisode && track.NearInARow >= SensorDefaults.MixingConfirmFrames)
            {
                track.InEpisode = true;
                confirmed.Add(_id.Hazard(HazardTypes.PersonVehicleMixing, frame.T, person.Subject));
            }
            else if (track.InEpisode && track.AwayInARow >= SensorDefaults.MixingClearFrames)
            {
                track.InEpisode = false;
            }
        }
    }

    public void Sweep(DateTimeOffset now) => _tracks.Sweep(now);

    /// <summary>Box height scales with distance from the camera, so it turns a metric gap into pixels without calibration.</summary>
    private static bool IsNearAnyVehicle(Detection person, IReadOnlyList<Detection> vehicles)
    {
        var cx = person.X + person.W / 2;
        var cy = person.Y + person.H / 2;
        var limit = SensorDefaults.MixingDistanceBoxHeights * person.H;
        foreach (var v in vehicles)
            if (DistanceToBox(cx, cy, v) <= limit)
                return true;
        return false;
    }

    /// <summary>Distance from a point to a box; zero inside it.</summary>
    internal static double DistanceToBox(double x, double y, Detection box)
    {
        var dx = Math.Max(0, Math.Max(box.X - x, x - (box.X + box.W)));
        var dy = Math.Max(0, Math.Max(box.Y - y, y - (box.Y + box.H)));
        return Math.Sqrt(dx * dx + dy * dy);
    }
}
