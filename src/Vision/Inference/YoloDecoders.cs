namespace Vigil.Vision.Inference;

/// <summary>One raw detection in model-input pixels or source pixels, depending on the stage.</summary>
public readonly record struct RawDetection(int ClassId, float Score, BoxF Box);

/// <summary>The output layouts Vigil decodes.</summary>
public enum YoloLayout
{
    /// <summary>YOLOX: [1, cells, 5+C], one prediction per grid cell of strides 8/16/32, xy/wh relative to the cell, obj·cls.</summary>
    Yolox,

    /// <summary>YOLOv5 export: [1, boxes, 5+C], centre x/y, w/h in input pixels, obj, class probabilities.</summary>
    Yolov5,

    /// <summary>YOLOv8 / YOLO11 export: [1, 4+C, boxes], centre x/y, w/h in input pixels, class scores (no objectness).</summary>
    Yolov8,
}

/// <summary>Decoders from raw output tensors to boxes above a threshold (before NMS).</summary>
public static class YoloDecoders
{
    private static readonly int[] Strides = [8, 16, 32];

    /// <summary>Guesses the layout from the output shape: transposed (features first) is v8; one box per grid cell is YOLOX.</summary>
    public static YoloLayout Detect(int[] outputShape, int inputSize)
    {
        if (outputShape.Length != 3)
            throw new NotSupportedException($"detector output of rank {outputShape.Length} is not a YOLO layout (expected [1, N, 5+C] or [1, 4+C, N])");
        var (a, b) = (outputShape[1], outputShape[2]);
        // v8 puts features first, and there are far more boxes than features; fewer than 6 features per box
        // (x, y, w, h, obj, one class) cannot be a v5/YOLOX row either.
        if (a > 0 && b > 0 && (a < b || b < 6))
            return YoloLayout.Yolov8;
        return a == GridCells(inputSize) ? YoloLayout.Yolox : YoloLayout.Yolov5;
    }

    public static int GridCells(int size) => Strides.Sum(s => (size / s) * (size / s));

    /// <summary>Number of classes of an output of the given layout.</summary>
    public static int Classes(YoloLayout layout, int[] shape)
    {
        var classes = layout == YoloLayout.Yolov8 ? shape[1] - 4 : shape[2] - 5;
        return classes >= 1 ? classes
            : throw new InvalidDataException($"output [{string.Join(',', shape)}] has no class scores for the {layout} layout");
    }

    public static void Decode(YoloLayout layout, ReadOnlySpan<float> o, int[] shape, int inputSize, float threshold, List<RawDetection> into)
    {
        switch (layout)
        {
            case YoloLayout.Yolox: DecodeYolox(o, shape, inputSize, threshold, into); break;
            case YoloLayout.Yolov5: DecodeV5(o, shape, threshold, into); break;
            default: DecodeV8(o, shape, threshold, into); break;
        }
    }

    private static void DecodeYolox(ReadOnlySpan<float> o, int[] shape, int size, float threshold, List<RawDetection> into)
    {
        var n = shape[1];
        var f = shape[2];
        var classes = f - 5;
        var i = 0;
        foreach (var s in Strides)
        {
            var g = size / s;
            for (var gy = 0; gy < g; gy++)
            for (var gx = 0; gx < g; gx++, i++)
            {
                if (i >= n)
                    return;
                var row = o.Slice(i * f, f);
                var obj = row[4];
                if (obj < threshold)
                    continue;
                var (best, score) = Best(row[5..], classes);
                score *= obj;
                if (score < threshold)
                    continue;
                var cx = (row[0] + gx) * s;
                var cy = (row[1] + gy) * s;
                var w = MathF.Exp(row[2]) * s;
                var h = MathF.Exp(row[3]) * s;
                into.Add(new RawDetection(best, score, new BoxF(cx - w / 2, cy - h / 2, w, h)));
            }
        }
    }

    private static void DecodeV5(ReadOnlySpan<float> o, int[] shape, float threshold, List<RawDetection> into)
    {
        var n = shape[1];
        var f = shape[2];
        for (var i = 0; i < n; i++)
        {
            var row = o.Slice(i * f, f);
            var obj = row[4];
            if (obj < threshold)
                continue;
            var (best, score) = Best(row[5..], f - 5);
            score *= obj;
            if (score < threshold)
                continue;
            into.Add(new RawDetection(best, score, new BoxF(row[0] - row[2] / 2, row[1] - row[3] / 2, row[2], row[3])));
        }
    }

    private static void DecodeV8(ReadOnlySpan<float> o, int[] shape, float threshold, List<RawDetection> into)
    {
        var f = shape[1];
        var n = shape[2];
        for (var i = 0; i < n; i++)
        {
            var best = -1;
            var score = threshold;
            for (var c = 4; c < f; c++)
            {
                var v = o[c * n + i];
                if (v >= score)
                {
                    score = v;
                    best = c - 4;
                }
            }
            if (best < 0)
                continue;
            float cx = o[i], cy = o[n + i], w = o[2 * n + i], h = o[3 * n + i];
            into.Add(new RawDetection(best, score, new BoxF(cx - w / 2, cy - h / 2, w, h)));
        }
    }

    private static (int, float) Best(ReadOnlySpan<float> scores, int classes)
    {
        var best = 0;
        var max = float.MinValue;
        for (var c = 0; c < classes; c++)
        {
            if (scores[c] > max)
            {
                max = scores[c];
                best = c;
            }
        }
        return (best, max);
    }
}

/// <summary>Per-class greedy non-maximum suppression.</summary>
public static class Nms
{
    public static List<RawDetection> Apply(List<RawDetection> dets, float iouThreshold, int maxDetections = 300)
    {
        dets.Sort((a, b) => b.Score.CompareTo(a.Score));
        var kept = new List<RawDetection>();
        var suppressed = new bool[dets.Count];
        for (var i = 0; i < dets.Count && kept.Count < maxDetections; i++)
        {
            if (suppressed[i])
                continue;
            kept.Add(dets[i]);
            for (var j = i + 1; j < dets.Count; j++)
            {
                if (!suppressed[j] && dets[j].ClassId == dets[i].ClassId && BoxF.Iou(dets[i].Box, dets[j].Box) > iouThreshold)
                    suppressed[j] = true;
            }
        }
        return kept;
    }
}
