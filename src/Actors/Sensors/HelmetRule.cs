#nullable enable
using Vigil.Messages;

namespace Vigil.Actors.Sensors;

/// <summary>
/// no_helmet: among a person track's last n known helmet flags (within a few seconds), at least k bare heads and a clear
/// majority of them; frames where the detector could not tell (no flag) and frames it missed count as neither. One hazard
/// per episode: it ends only once the helmet has been seen steadily for seconds, so a flickering flag never re-alarms.
/// </summary>
internal sealed class HelmetRule : ICameraRule
{
    private sealed class Track(int n)
    {
        public readonly Queue<(DateTimeOffset T, bool Helmet)> Known = new(n);
        public int Bare;
        public DateTimeOffset? HelmetSince;
        public bool InEpisode;
    }

    private readonly SensorIdentity _id;
    private readonly int _k;
    private readonly int _n;
    private readonly TimeSpan _maxAge = TimeSpan.FromSeconds(SensorDefaults.HelmetWindowS);
    private readonly TimeSpan _clear = TimeSpan.FromSeconds(SensorDefaults.HelmetClearS);
    private readonly TrackTable<Track> _tracks;

    public HelmetRule(SensorIdentity id, int confirmFrames, int windowFrames)
    {
        _id = id;
        _n = Math.Max(1, windowFrames);
        _k = Math.Clamp(confirmFrames, 1, _n);
        _tracks = new(TimeSpan.FromSeconds(SensorDefaults.TrackForgetS), SensorDefaults.MaxTracks, () => new Track(_n));
    }

    public void OnFrame(CameraFrame frame, List<Hazard> confirmed)
    {
        foreach (var person in frame.People)
        {
            if (HelmetOf(person) is not { } helmet)
                continue;
            var track = _tracks.Touch(person.Key, frame.T);
            Push(track, frame.T, helmet);

            if (helmet)
                track.HelmetSince ??= frame.T;
            else
                track.HelmetSince = null;

            if (!track.InEpisode && track.Bare >= _k && track.Bare >= SensorDefaults.HelmetBareShare * track.Known.Count)
            {
                track.InEpisode = true;
                confirmed.Add(_id.Hazard(HazardTypes.NoHelmet, frame.T, person.Subject));
            }
            else if (track.InEpisode && track.HelmetSince is { } since && frame.T - since >= _clear)
            {
                // Seen wearing it, steadily, for seconds: a later bare head is a new episode.
                track.InEpisode = false;
            }
        }
    }

    private void Push(Track track, DateTimeOffset t, bool helmet)
    {
        track.Known.Enqueue((t, helmet));
        if (!helmet)
            track.Bare++;
        while (track.Known.Count > _n || t - track.Known.Peek().T > _maxAge)
            if (!track.Known.Dequeue().Helmet)
                track.Bare--;
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
