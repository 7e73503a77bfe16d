namespace Vigil.Vision.Pipeline;

/// <summary>Where the models are and how the node's vision pipeline runs (hocon <c>vigil.vision</c>).</summary>
public sealed record VisionOptions
{
    /// <summary>COCO detector for people and vehicles.</summary>
    public string DetectorModel { get; init; } = "";

    /// <summary>Optional site PPE model (YOLOv5/v8 export) whose classes map to person/head/helmet.</summary>
    public string? PpeModel { get; init; }

    public string? PpeLabels { get; init; }

    public string? FaceModel { get; init; }
    public string? LandmarkModel { get; init; }
    public string? FaceCascade { get; init; }
    public string? EyeCascade { get; init; }
    public string? PlateDetModel { get; init; }
    public string? PlateRecModel { get; init; }
    public string? PlateKeys { get; init; }

    /// <summary>Try CUDA first (falls back to CPU when it cannot start).</summary>
    public bool PreferCuda { get; init; } = true;

    public float DetectionThreshold { get; init; } = 0.35f;
    public int MaxBatch { get; init; } = 8;
    public int Workers { get; init; } = 1;
    public int CpuThreads { get; init; }

    /// <summary>Where evidence JPEGs are written (the node's data directory + /evidence).</summary>
    public string EvidenceDir { get; init; } = Path.Combine(Path.GetTempPath(), "vigil-evidence");

    /// <summary>Play file sources at their frame rate (a camera) rather than as fast as they decode.</summary>
    public bool Realtime { get; init; } = true;

    public bool LoopFiles { get; init; }

    /// <summary>Models and media resolved against this folder when relative (the shared assets or the user's own).</summary>
    public static VisionOptions FromAssets(string assetsDir) => new()
    {
        DetectorModel = Path.Combine(assetsDir, "models", "yolox_nano_coco_416.onnx"),
        FaceModel = Path.Combine(assetsDir, "models", "face_detection_yunet_2026may.onnx"),
        LandmarkModel = Path.Combine(assetsDir, "models", "landmarks_68_pfld.onnx"),
        FaceCascade = Path.Combine(assetsDir, "cascades", "haarcascade_frontalface_default.xml"),
        EyeCascade = Path.Combine(assetsDir, "cascades", "haarcascade_eye.xml"),
        PlateDetModel = Path.Combine(assetsDir, "models", "ch_PP-OCRv4_det_infer.onnx"),
        PlateRecModel = Path.Combine(assetsDir, "models", "ch_PP-OCRv4_rec_infer.onnx"),
        PlateKeys = Path.Combine(assetsDir, "models", "ppocr_keys_v1.txt"),
    };
}
