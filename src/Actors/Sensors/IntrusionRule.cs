#nullable enable
using Vigil.Messages;

namespace Vigil.Actors.Sensors;

/// <summary>zone_intrusion: a person's foot point inside a danger zone in 2 of the track's last 3 frames; one hazard per episode.</summary>
internal sealed class IntrusionRule : ICameraRule
{
    private sealed class Track
    {
        public readonly FrameWindow Window = new(SensorDefaults.IntrusionWindowFrames);
        public int OutsideInARow;
        public DateTimeOffset? OutsideSince;
        public bool InEpisode;
    }

    private readonly SensorIdentity _id;
    private readonly IReadOnlyList<IReadOnlyList<Point>> _zones;
    private readonly TrackTable<Track> _tracks =
        new(TimeSpan.FromSeconds(SensorDefaults.TrackForgetS), SensorDefaults.MaxTracks, () => new Track());

    public IntrusionRule(SensorIdentity id, IReadOnlyList<IReadOnlyList<Point>>? dangerZones)
    {
        _id = id;
        _zones = dangerZones ?? [];
    }

    public void OnFrame(CameraFrame frame, List<Hazard> confirmed)
    {
        if (_zones.Count == 0)
            return;

        foreach (var person in frame.People)
        {
            var inside = person.Boxes.Any(b => Polygon.ContainsAny(_zones, b.FootPoint.X, b.FootPoint.Y));
            var track = _tracks.Touch(person.Key, frame.T);
            track.Window.Push(inside);
            track.OutsideInARow = inside ? 0 : track.OutsideInARow + 1;
            track.OutsideSince = inside ? null : track.OutsideSince ?? frame.T;

            if (!track.InEpisode && track.Window.Count(true) >= SensorDefaults.IntrusionConfirmFrames)
            {
                track.InEpisode = true;
                confirmed.Add(_id.Hazard(HazardTypes.ZoneIntrusion, frame.T, person.Subject));
            }
            else if (track.InEpisode && track.OutsideInARow >= SensorDefaults.IntrusionClearFrames
                     && frame.T - track.OutsideSince!.Value >= TimeSpan.FromSeconds(SensorDefaults.IntrusionClearS))
            {
                track.InEpisode = false;
            }
        }
    }

    public void Sweep(DateTimeOffset now) => _tracks.Sweep(now);
}
