#nullable enable
using Vigil.Messages;

namespace Vigil.Actors.Sensors;

/// <summary>
/// person_vehicle_mixing: a person within the mixing distance of a moving vehicle or forklift in consecutive frames of the
/// track; one hazard per episode. A parked vehicle next to a walker is not mixing.
/// </summary>
internal sealed class MixingRule : ICameraRule
{
    private sealed class Track
    {
        public int NearInARow;
        public DateTimeOffset? AwaySince;
        public bool InEpisode;
    }

    /// <summary>Where a vehicle was a while ago: movement is judged over at least half a second, so box jitter is not driving.</summary>
    private sealed class VehicleTrack
    {
        public double X, Y;
        public DateTimeOffset T;
        public bool Moving;
    }

    private readonly SensorIdentity _id;
    private readonly double _distanceInHeights;
    private readonly TimeSpan _clear = TimeSpan.FromSeconds(SensorDefaults.MixingClearS);
    private readonly TrackTable<Track> _tracks =
        new(TimeSpan.FromSeconds(SensorDefaults.TrackForgetS), SensorDefaults.MaxTracks, () => new Track());
    private readonly TrackTable<VehicleTrack> _vehicles =
        new(TimeSpan.FromSeconds(SensorDefaults.TrackForgetS), SensorDefaults.MaxTracks, () => new VehicleTrack());

    public MixingRule(SensorIdentity id, double? distanceM)
    {
        _id = id;
        _distanceInHeights = (distanceM ?? SensorDefaults.MixingDistanceM) / SensorDefaults.PersonHeightM;
    }

    public void OnFrame(CameraFrame frame, List<Hazard> confirmed)
    {
        var moving = MovingVehicles(frame);
        foreach (var person in frame.People)
        {
            var near = moving.Count > 0 && person.Boxes.Any(p => IsNearAnyVehicle(p, moving, _distanceInHeights));
            var track = _tracks.Touch(person.Key, frame.T);
            track.NearInARow = near ? track.NearInARow + 1 : 0;
            if (near)
                track.AwaySince = null;
            else
                track.AwaySince ??= frame.T;

            if (!track.InEpisode && track.NearInARow >= SensorDefaults.MixingConfirmFrames)
            {
                track.InEpisode = true;
                confirmed.Add(_id.Hazard(HazardTypes.PersonVehicleMixing, frame.T, person.Subject));
            }
            else if (track.InEpisode && track.AwaySince is { } away && frame.T - away >= _clear)
            {
                track.InEpisode = false;
            }
        }
    }

    public void Sweep(DateTimeOffset now)
    {
        _tracks.Sweep(now);
        _vehicles.Sweep(now);
    }

    /// <summary>
    /// Vehicles whose box moved over the last half second or more by enough to be driving (a tenth of its width a second,
    /// about 1.5 km/h for a car). A tracked vehicle counts once it has been watched that long; one without a track id cannot be
    /// judged and counts as moving.
    /// </summary>
    private List<Detection> MovingVehicles(CameraFrame frame)
    {
        var moving = new List<Detection>(frame.Vehicles.Count);
        foreach (var v in frame.Vehicles)
        {
            var cx = v.X + v.W / 2;
            var cy = v.Y + v.H / 2;
            if (string.IsNullOrWhiteSpace(v.Track))
            {
                moving.Add(v);
                continue;
            }
            var track = _vehicles.Touch(v.Cls + "|" + v.Track, frame.T);
            if (track.T == default)
                (track.X, track.Y, track.T) = (cx, cy, frame.T);
            var dt = (frame.T - track.T).TotalSeconds;
            if (dt >= SensorDefaults.MixingMovingBaselineS)
            {
                var speed = Math.Sqrt((cx - track.X) * (cx - track.X) + (cy - track.Y) * (cy - track.Y)) / dt;
                track.Moving = speed >= SensorDefaults.MixingMovingWidthsPerS * v.W;
                (track.X, track.Y, track.T) = (cx, cy, frame.T);
            }
            if (track.Moving)
                moving.Add(v);
        }
        return moving;
    }

    /// <summary>Box height scales with distance from the camera, so it turns a metric gap into pixels without calibration.</summary>
    private static bool IsNearAnyVehicle(Detection person, IReadOnlyList<Detection> vehicles, double heights)
    {
        var cx = person.X + person.W / 2;
        var cy = person.Y + person.H / 2;
        var limit = heights * person.H;
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
