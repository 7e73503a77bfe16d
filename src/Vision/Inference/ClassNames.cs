using System.Text.RegularExpressions;

namespace Vigil.Vision.Inference;

/// <summary>Class names of a detector: a labels file, the model's <c>names</c> metadata, or COCO for an 80-class model.</summary>
public static partial class ClassNames
{
    public static readonly IReadOnlyList<string> Coco =
    [
        "person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat", "traffic light",
        "fire hydrant", "stop sign", "parking meter", "bench", "bird", "cat", "dog", "horse", "sheep", "cow",
        "elephant", "bear", "zebra", "giraffe", "backpack", "umbrella", "handbag", "tie", "suitcase", "frisbee",
        "skis", "snowboard", "sports ball", "kite", "baseball bat", "baseball glove", "skateboard", "surfboard", "tennis racket", "bottle",
        "wine glass", "cup", "fork", "knife", "spoon", "bowl", "banana", "apple", "sandwich", "orange",
        "broccoli", "carrot", "hot dog", "pizza", "donut", "cake", "chair", "couch", "potted plant", "bed",
        "dining table", "toilet", "tv", "laptop", "mouse", "remote", "keyboard", "cell phone", "microwave", "oven",
        "toaster", "sink", "refrigerator", "book", "clock", "vase", "scissors", "teddy bear", "hair drier", "toothbrush",
    ];

    public static IReadOnlyList<string> Resolve(int classes, IReadOnlyDictionary<string, string> metadata, string? labelsFile)
    {
        if (labelsFile is not null)
        {
            var lines = File.ReadAllLines(labelsFile).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            if (lines.Count != classes)
                throw new InvalidDataException($"labels file '{labelsFile}' has {lines.Count} names for a model of {classes} classes");
            return lines;
        }
        if (metadata.TryGetValue("names", out var names) && ParseNames(names) is { } parsed && parsed.Count == classes)
            return parsed;
        if (classes == Coco.Count)
            return Coco;
        return Enumerable.Range(0, classes).Select(i => $"class{i}").ToList();
    }

    /// <summary>Parses the <c>{0: 'person', 1: 'head'}</c> dictionary that YOLOv5/v8 exports write into the model's metadata.</summary>
    public static IReadOnlyList<string>? ParseNames(string text)
    {
        var found = new SortedDictionary<int, string>();
        foreach (Match m in NamePattern().Matches(text))
            found[int.Parse(m.Groups[1].Value)] = m.Groups[2].Value;
        if (found.Count == 0 || found.Keys.First() != 0 || found.Keys.Last() != found.Count - 1)
            return null;
        return found.Values.ToList();
    }

    [GeneratedRegex("""(\d+)\s*:\s*['"]([^'"]*)['"]""")]
    private static partial Regex NamePattern();
}
