#nullable enable
using Vigil.Messages;

namespace Vigil.Actors.Sensors;

/// <summary>One camera frame as the rules see it: people grouped by track, and the vehicles present.</summary>
internal sealed record CameraFrame(DateTimeOffset T, IReadOnlyList<PersonSighting> People, IReadOnlyList<Detection> Vehicles)
{
    /// <summary>The picture's size when the reading gave it.</summary>
    public int? W { get; init; }
    public int? H { get; init; }

    /// <summary>The picture signal (black, frozen) where Vigil saw the frame itself; null otherwise.</summary>
    public string? Picture { get; init; }

    /// <summary>Whether the reading had any detection at all, usable or not.</summary>
    public bool Empty { get; init; }

    /// <summary>Does the box touch the picture's border (an object coming into or leaving view)? False when the size is unknown.</summary>
    public bool AtBorder(Detection d) =>
        W is { } w && H is { } h && (d.X <= BorderPx || d.Y <= BorderPx || d.X + d.W >= w - BorderPx || d.Y + d.H >= h - BorderPx);

    private const double BorderPx = 2;

    public static CameraFrame From(DateTimeOffset t, IReadOnlyList<Detection> detections)
    {
        var people = new Dictionary<string, PersonSighting>(StringComparer.Ordinal);
        var vehicles = new List<Detection>();
        foreach (var d in detections)
        {
            if (!IsUsable(d))
                continue;
            if (d.Cls == "person")
            {
                // Untracked people share one key: without a track id the frames cannot be told apart anyway.
                var tracked = !string.IsNullOrWhiteSpace(d.Track);
                var key = tracked ? d.Track! : "~person";
                if (!people.TryGetValue(key, out var p))
                    people[key] = p = new PersonSighting(key, tracked ? d.Track : null, []);
                p.Boxes.Add(d);
            }
            else if (d.Cls is "vehicle" or "forklift")
            {
                vehicles.Add(d);
            }
        }
        return new CameraFrame(t, [.. people.Values], vehicles);
    }

    private static bool IsUsable(Detection d) =>
        d.Conf >= SensorDefaults.MinDetectionConf
        && double.IsFinite(d.X) && double.IsFinite(d.Y) && double.IsFinite(d.W) && double.IsFinite(d.H)
        && d.W > 0 && d.H > 0;
}

/// <summary>The boxes of one person track in one frame (several only for the shared untracked key); Subject is the track id, null when untracked.</summary>
internal sealed record PersonSighting(string Key, string? Subject, List<Detection> Boxes);

/// <summary>One camera rule: sees every frame, keeps its own per-track state.</summary>
internal interface ICameraRule
{
    void OnFrame(CameraFrame frame, List<Hazard> confirmed);

    void Sweep(DateTimeOffset now);
}
