using OpenCvSharp;
using Vigil.Messages;
using Vigil.Vision.Inference;
using Vigil.Vision.Ppe;
using Vigil.Vision.Tracking;

namespace Vigil.Vision.Pipeline;

/// <summary>
/// One camera's perception after the detector: maps classes to Vigil's (person, vehicle), tracks them, decides hard
/// hats, and turns the frame into the <see cref="CameraDetections"/> reading the camera engine consumes. Keeps the
/// last few analysed frames for evidence.
/// </summary>
public sealed class CameraAnalyzer(IHelmetClassifier? helmets, EvidenceRing? evidence = null)
{
    private readonly IouTracker _tracker = new();
    private readonly PictureWatch _picture = new();

    public EvidenceRing? Evidence => evidence;

    public static string? VigilClass(string label) => label switch
    {
        "person" => "person",
        "car" or "truck" or "bus" or "motorcycle" or "train" or "vehicle" => "vehicle",
        "forklift" => "forklift",
        _ => null,
    };

    public CameraDetections Analyze(Mat frame, DateTimeOffset t, IReadOnlyList<ObjectBox> boxes, IReadOnlyList<PpeBox>? ppe = null)
    {
        var mapped = boxes.Select(b => (Cls: VigilClass(b.Label), b.Box, b.Score)).Where(b => b.Cls is not null)
            .Select(b => (b.Cls!, b.Box, b.Score)).ToList();
        var tracked = _tracker.Update(mapped);
        var detections = new List<Detection>(tracked.Count);
        foreach (var o in tracked)
        {
            bool? helmet = null;
            if (o.Cls == "person")
                helmet = ppe is not null ? PpeModel.Assign(o.Box, ppe) : helmets?.HasHelmet(frame, o.Box);
            detections.Add(new Detection(o.Cls, Math.Round(o.Box.X, 1), Math.Round(o.Box.Y, 1), Math.Round(o.Box.W, 1), Math.Round(o.Box.H, 1),
                Math.Round(o.Score, 3), o.TrackId, helmet));
        }
        var reading = new CameraDetections(detections, frame.Width, frame.Height, _picture.Observe(frame));
        evidence?.Keep(frame, t, detections);
        return reading;
    }
}
