#nullable enable
using Vigil.Messages;

namespace Vigil.Actors.Sensors;

/// <summary>rooftop_intrusion: any person seen in two frames within a second during the active hours; one hazard per episode.</summary>
internal sealed class RooftopRule : ICameraRule
{
    private sealed class Track
    {
        public DateTimeOffset? LastActiveSighting;
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
            track.LastActiveSighting = frame.T;
            if (!track.InEpisode && previous is { } p && frame.T - p <= _within)
            {
                track.InEpisode = true;
                confirmed.Add(_id.Hazard(HazardTypes.RooftopIntrusion, frame.T, person.Subject));
            }
        }
    }

    public void Sweep(DateTimeOffset now) => _tracks.Sweep(now);
}
