using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenCvSharp;

namespace Vigil.Vision.Inference;

/// <summary>One object found in an image, in source pixels.</summary>
public sealed record ObjectBox(int ClassId, string Label, float Score, BoxF Box);

/// <summary>Milliseconds spent per stage over the frames of one call.</summary>
public sealed record StageTimes(double PreprocessMs, double InferenceMs, double PostprocessMs, int Frames);

/// <summary>Something that finds objects in a batch of images (the real ONNX detector, or a fake in tests).</summary>
public interface IObjectDetector : IDisposable
{
    IReadOnlyList<string> Labels { get; }

    ExecutionDevice Device { get; }

    IReadOnlyList<IReadOnlyList<ObjectBox>> Detect(IReadOnlyList<Mat> images, out StageTimes times);
}

/// <summary>A YOLOX / YOLOv5 / YOLOv8-family detector on ONNX Runtime with letterbox preprocessing and per-class NMS.</summary>
public sealed class YoloDetector : IObjectDetector
{
    private readonly OnnxModel _model;
    private readonly string _inputName;
    private readonly bool _dynamicBatch;
    private readonly float _threshold;
    private readonly float _iou;
    private int[]? _outputShape;

    public YoloDetector(OnnxModel model, YoloLayout? layout = null, string? labelsFile = null, float threshold = 0.3f, float iou = 0.45f)
    {
        _model = model;
        var input = model.Session.InputMetadata.First();
        _inputName = input.Key;
        var dims = input.Value.Dimensions;
        if (dims.Length != 4 || dims[1] != 3)
            throw new NotSupportedException($"detector '{model.Path}' input {string.Join('x', dims)} is not [N,3,H,W]");
        InputSize = dims[2] > 0 ? dims[2] : 640;
        _dynamicBatch = dims[0] <= 0;
        _threshold = threshold;
        _iou = iou;
        var outDims = model.Session.OutputMetadata.First().Value.Dimensions;
        Layout = layout ?? (outDims.Skip(1).All(d => d > 0) ? YoloDecoders.Detect(outDims, InputSize) : ProbeLayout());
        var classes = YoloDecoders.Classes(Layout, outDims.Skip(1).All(d => d > 0) ? outDims : _outputShape!);
        Labels = ClassNames.Resolve(classes, model.Session.ModelMetadata.CustomMetadataMap, labelsFile);
    }

    public static YoloDetector Load(string path, bool preferCuda, YoloLayout? layout = null, string? labelsFile = null, float threshold = 0.3f, int cpuThreads = 0) =>
        new(OnnxSessions.Create(path, preferCuda, cpuThreads), layout, labelsFile, threshold);

    public int InputSize { get; }

    public YoloLayout Layout { get; }

    public IReadOnlyList<string> Labels { get; }

    public ExecutionDevice Device => _model.Device;

    public string? FallbackReason => _model.FallbackReason;

    /// <summary>YOLOX pads BGR 0–255 at the top-left; the Ultralytics exports take centred, RGB, 0–1.</summary>
    private bool Ultralytics => Layout != YoloLayout.Yolox;

    public IReadOnlyList<IReadOnlyList<ObjectBox>> Detect(IReadOnlyList<Mat> images, out StageTimes times)
    {
        double pre = 0, inf = 0, post = 0;
        var results = new List<IReadOnlyList<ObjectBox>>(images.Count);
        var step = _dynamicBatch ? Math.Max(1, images.Count) : 1;
        for (var start = 0; start < images.Count; start += step)
        {
            var n = Math.Min(step, images.Count - start);
            var sw = Stopwatch.StartNew();
            var plane = 3 * InputSize * InputSize;
            var data = new float[n * plane];
            var boxes = new LetterboxInfo[n];
            for (var i = 0; i < n; i++)
                boxes[i] = Letterbox.Fill(images[start + i], InputSize, data.AsSpan(i * plane, plane), Ultralytics, Ultralytics, Ultralytics);
            var tensor = new DenseTensor<float>(data, [n, 3, InputSize, InputSize]);
            pre += sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            using var outputs = _model.Session.Run([NamedOnnxValue.CreateFromTensor(_inputName, tensor)]);
            inf += sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            var output = outputs.First().AsTensor<float>();
            var shape = output.Dimensions.ToArray();
            var flat = output is DenseTensor<float> dense ? dense.Buffer.Span : output.ToArray();
            var per = flat.Length / shape[0];
            var one = (int[])shape.Clone();
            one[0] = 1;
            for (var i = 0; i < n; i++)
                results.Add(Post(flat.Slice(i * per, per), one, boxes[i]));
            post += sw.Elapsed.TotalMilliseconds;
        }
        times = new StageTimes(pre, inf, post, images.Count);
        return results;
    }

    private List<ObjectBox> Post(ReadOnlySpan<float> output, int[] shape, LetterboxInfo lb)
    {
        var raw = new List<RawDetection>();
        YoloDecoders.Decode(Layout, output, shape, InputSize, _threshold, raw);
        return Nms.Apply(raw, _iou)
            .Select(d => new ObjectBox(d.ClassId, d.ClassId < Labels.Count ? Labels[d.ClassId] : $"class{d.ClassId}", d.Score, lb.ToSource(d.Box)))
            .Where(d => d.Box.W > 1 && d.Box.H > 1)
            .ToList();
    }

    private YoloLayout ProbeLayout()
    {
        // Output dimensions are symbolic: run one blank image to learn the shape.
        var data = new float[3 * InputSize * InputSize];
        using var outputs = _model.Session.Run([NamedOnnxValue.CreateFromTensor(_inputName, new DenseTensor<float>(data, [1, 3, InputSize, InputSize]))]);
        _outputShape = outputs.First().AsTensor<float>().Dimensions.ToArray();
        return YoloDecoders.Detect(_outputShape, InputSize);
    }

    public void Dispose() => _model.Dispose();
}
