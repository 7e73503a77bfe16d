#nullable enable
using Vigil.Messages;

namespace Vigil.Actors.Sensors;

/// <summary>rooftop_intrusion: any person seen in two frames within a second during the active hours; one hazard per episode.</summary>
internal sealed class RooftopRule : ICameraRule
{
    private sealed class Track
    {
        public DateTimeOffset? LastActiveSighting;
        public Detection? LastBox;
        public bool InEpisode;
    }

    private readonly SensorIdentity _id;
    private readonly ActiveHours? _hours;
    private readonly TimeSpan _within = TimeSpan.FromSeconds(SensorDefaults.RooftopConfirmWithinS);
    private readonly TrackTable<Track> _tracks =
        new(TimeSpan.FromSeconds(SensorDefaults.TrackForgetS), SensorDefaults.MaxTracks, () => new Track());

    public RooftopRule(SensorIdentity id, ActiveHours? hours)
    {
        _id = id;
        _hours = hours;
    }

    public void OnFrame(CameraFrame frame, List<Hazard> confirmed)
    {
        // The hours are the plant's local clock, which is the clock of the timestamp's own offset.
        var active = _hours is null || _hours.Contains(TimeOnly.FromTimeSpan(frame.T.TimeOfDay));
        foreach (var person in frame.People)
        {
            var track = _tracks.Touch(person.Key, frame.T);
            if (!active)
            {
                track.LastActiveSighting = null;
                continue;
            }

            var previous = track.LastActiveSighting;
            var previousBox = track.LastBox;
            var box = person.Boxes[0];
            track.LastActiveSighting = frame.T;
            track.LastBox = box;
            // Untracked sightings are one person only if a person could have walked from one to the other.
            var plausible = person.Subject is not null || previousBox is null || previous is not { } at || Reachable(previousBox, box, (frame.T - at).TotalSeconds);
            if (!track.InEpisode && plausible && previous is { } p && frame.T - p <= _within)
            {
                track.InEpisode = true;
                confirmed.Add(_id.Hazard(HazardTypes.RooftopIntrusion, frame.T, person.Subject));
            }
        }
    }

    public void Sweep(DateTimeOffset now) => _tracks.Sweep(now);

    /// <summary>Foot points no further apart than a fast walk (3 m/s) plus half a body of detector jitter, in body heights.</summary>
    private static bool Reachable(Detection a, Detection b, double seconds)
    {
        var h = Math.Max(a.H, b.H);
        var dx = a.FootPoint.X - b.FootPoint.X;
        var dy = a.FootPoint.Y - b.FootPoint.Y;
        return Math.Sqrt(dx * dx + dy * dy) <= h * (0.5 + SensorDefaults.WalkingSpeedMPerS * seconds / SensorDefaults.PersonHeightM);
    }
}
