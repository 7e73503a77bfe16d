using OpenCvSharp;
using Vigil.Vision.Inference;

namespace Vigil.Vision.Ppe;

/// <summary>What a PPE model's class means to Vigil.</summary>
public enum PpeKind
{
    Person,
    Head,
    Helmet,
}

/// <summary>One PPE detection, mapped.</summary>
public sealed record PpeBox(PpeKind Kind, BoxF Box, float Score);

/// <summary>
/// A site-supplied PPE detector in the YOLOv5 / YOLOv8 / YOLO11 export format. Its classes map to person / head
/// (bare head) / helmet by name (<c>helmet</c>, <c>hardhat</c>, <c>hard_hat</c> → helmet; <c>head</c>,
/// <c>no_helmet</c>, <c>no-hardhat</c> → head; <c>person</c> → person), or by an explicit map.
/// </summary>
public sealed class PpeModel : IDisposable
{
    private readonly YoloDetector _detector;
    private readonly PpeKind?[] _kinds;

    public PpeModel(YoloDetector detector, IReadOnlyDictionary<string, PpeKind>? map = null)
    {
        _detector = detector;
        _kinds = detector.Labels.Select(l => map is not null && map.TryGetValue(l, out var k) ? k : KindOf(l)).ToArray();
        if (!_kinds.Any(k => k is PpeKind.Helmet) || !_kinds.Any(k => k is PpeKind.Head))
            throw new InvalidDataException(
                $"PPE model classes [{string.Join(", ", detector.Labels)}] do not include both a helmet and a bare-head class; give a class map");
    }

    public YoloDetector Detector => _detector;

    public static PpeKind? KindOf(string label) => label.Trim().ToLowerInvariant().Replace('-', '_').Replace(' ', '_') switch
    {
        "person" or "worker" => PpeKind.Person,
        "helmet" or "hardhat" or "hard_hat" or "hat" or "with_helmet" => PpeKind.Helmet,
        "head" or "no_helmet" or "no_hardhat" or "without_helmet" or "bare_head" => PpeKind.Head,
        _ => null,
    };

    public IReadOnlyList<PpeBox> Detect(Mat frame)
    {
        var boxes = _detector.Detect([frame], out _)[0];
        return boxes.Where(b => b.ClassId < _kinds.Length && _kinds[b.ClassId] is not null)
            .Select(b => new PpeBox(_kinds[b.ClassId]!.Value, b.Box, b.Score)).ToList();
    }

    /// <summary>Hard-hat status of one person: the best helmet or bare head whose centre lies in the top of the person's box.</summary>
    public static bool? Assign(BoxF person, IReadOnlyList<PpeBox> ppe)
    {
        PpeBox? best = null;
        foreach (var b in ppe)
        {
            if (b.Kind == PpeKind.Person)
                continue;
            var cx = b.Box.X + b.Box.W / 2;
            var cy = b.Box.Y + b.Box.H / 2;
            var inTop = cx >= person.X && cx <= person.X + person.W && cy >= person.Y - person.H * 0.05f && cy <= person.Y + person.H * 0.35f;
            if (inTop && (best is null || b.Score > best.Score))
                best = b;
        }
        return best?.Kind switch
        {
            PpeKind.Helmet => true,
            PpeKind.Head => false,
            _ => null,
        };
    }

    public void Dispose() => _detector.Dispose();
}
