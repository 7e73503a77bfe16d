using Vigil.Vision.Inference;

namespace Vigil.Vision.Tracking;

/// <summary>A detection with the id of the track it belongs to.</summary>
public sealed record TrackedObject(string TrackId, string Cls, BoxF Box, float Score, int Age)
{
    /// <summary>Where a person stands: the middle of the box's bottom edge.</summary>
    public (float X, float Y) FootPoint => (Box.X + Box.W / 2, Box.Y + Box.H);
}

/// <summary>
/// A per-camera multi-object tracker: greedy highest-IoU matching of this frame's boxes to the live tracks of the same
/// class, with a short memory so a track survives a few missed frames (occlusion, a detector miss).
/// </summary>
public sealed class IouTracker(float minIou = 0.3f, int maxMissed = 5)
{
    private sealed class Track(string id, string cls, BoxF box)
    {
        public string Id { get; } = id;
        public string Cls { get; } = cls;
        public BoxF Box { get; set; } = box;
        public BoxF Velocity { get; set; }
        public int Missed { get; set; }
        public int Age { get; set; } = 1;
    }

    private readonly List<Track> _tracks = [];
    private long _next;

    public int LiveTracks => _tracks.Count;

    public IReadOnlyList<TrackedObject> Update(IReadOnlyList<(string Cls, BoxF Box, float Score)> detections)
    {
        var pairs = new List<(float Iou, int T, int D)>();
        for (var t = 0; t < _tracks.Count; t++)
        {
            var predicted = Predict(_tracks[t]);
            for (var d = 0; d < detections.Count; d++)
            {
                if (detections[d].Cls != _tracks[t].Cls)
                    continue;
                var iou = Math.Max(BoxF.Iou(predicted, detections[d].Box), BoxF.Iou(_tracks[t].Box, detections[d].Box));
                if (iou >= minIou)
                    pairs.Add((iou, t, d));
            }
        }
        pairs.Sort((a, b) => b.Iou.CompareTo(a.Iou));
        var trackUsed = new bool[_tracks.Count];
        var assigned = new Track?[detections.Count];
        foreach (var (_, t, d) in pairs)
        {
            if (trackUsed[t] || assigned[d] is not null)
                continue;
            trackUsed[t] = true;
            var tr = _tracks[t];
            var b = detections[d].Box;
            tr.Velocity = new BoxF(b.X - tr.Box.X, b.Y - tr.Box.Y, 0, 0);
            tr.Box = b;
            tr.Missed = 0;
            tr.Age++;
            assigned[d] = tr;
        }
        for (var t = _tracks.Count - 1; t >= 0; t--)
        {
            if (!trackUsed[t] && ++_tracks[t].Missed > maxMissed)
                _tracks.RemoveAt(t);
        }
        var result = new List<TrackedObject>(detections.Count);
        for (var d = 0; d < detections.Count; d++)
        {
            var tr = assigned[d];
            if (tr is null)
            {
                tr = new Track((++_next).ToString(System.Globalization.CultureInfo.InvariantCulture), detections[d].Cls, detections[d].Box);
                _tracks.Add(tr);
            }
            result.Add(new TrackedObject(tr.Id, tr.Cls, detections[d].Box, detections[d].Score, tr.Age));
        }
        return result;
    }

    private static BoxF Predict(Track t) => new(t.Box.X + t.Velocity.X, t.Box.Y + t.Velocity.Y, t.Box.W, t.Box.H);
}
