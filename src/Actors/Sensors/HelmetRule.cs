#nullable enable
using Vigil.Messages;

namespace Vigil.Actors.Sensors;

/// <summary>no_helmet: a person track without a helmet in k of its last n frames; one hazard per episode.</summary>
internal sealed class HelmetRule : ICameraRule
{
    private sealed class Track(int n)
    {
        public readonly FrameWindow Window = new(n);
        public bool InEpisode;
    }

    private readonly SensorIdentity _id;
    private readonly int _k;
    private readonly TrackTable<Track> _tracks;

    public HelmetRule(SensorIdentity id, int confirmFrames, int windowFrames)
    {
        _id = id;
        var n = Math.Max(1, windowFrames);
        _k = Math.Clamp(confirmFrames, 1, n);
        _tracks = new(TimeSpan.FromSeconds(SensorDefaults.TrackForgetS), SensorDefaults.MaxTracks, () => new Track(n));
    }

    public void OnFrame(CameraFrame frame, List<Hazard> confirmed)
    {
        foreach (var person in frame.People)
        {
            var track = _tracks.Touch(person.Key, frame.T);
            track.Window.Push(HelmetOf(person));
            if (!track.InEpisode && track.Window.Count(false) >= _k)
            {
                track.InEpisode = true;
                confirmed.Add(_id.Hazard(HazardTypes.NoHelmet, frame.T, person.Subject));
            }
            else if (track.InEpisode && track.Window.Count(true) >= _k)
            {
                // Seen wearing it again consistently: a later bare head is a new episode.
                track.InEpisode = false;
            }
        }
    }

    public void Sweep(DateTimeOffset now) => _tracks.Sweep(now);

    /// <summary>For the shared untracked key any bare head in the frame counts; unknown stays unknown.</summary>
    private static bool? HelmetOf(PersonSighting person)
    {
        bool? value = null;
        foreach (var box in person.Boxes)
        {
            if (box.Helmet == false)
                return false;
            if (box.Helmet == true)
                value = true;
        }
        return value;
    }
}
