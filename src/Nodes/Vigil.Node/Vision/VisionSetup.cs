using Akka.Configuration;
using Vigil.Node.Hosting;
using Vigil.Vision.Pipeline;

namespace Vigil.Node.Vision;

/// <summary>Builds the node's <see cref="VisionService"/> from hocon <c>vigil.vision</c> (and VIGIL_ASSETS) and registers it.</summary>
public static class VisionSetup
{
    public static VisionService AddVigilVision(this IServiceCollection services, NodeSettings settings)
    {
        var vision = new VisionService(Options(settings));
        services.AddSingleton(vision);
        return vision;
    }

    public static VisionOptions Options(NodeSettings settings, Func<string, string?>? env = null)
    {
        env ??= Environment.GetEnvironmentVariable;
        var conf = NodeSettings.LoadHocon().GetConfig("vigil.vision") ?? Config.Empty;
        string Str(string key, string fallback) => conf.HasPath(key) ? conf.GetString(key) : fallback;
        var assets = env("VIGIL_ASSETS") is { Length: > 0 } e ? e : Str("assets", "") is { Length: > 0 } a ? a : FindSharedAssets() ?? "assets";
        assets = Path.GetFullPath(assets);
        string? Model(string key, string fallback)
        {
            var v = Str(key, fallback);
            return v.Length == 0 ? null : Path.IsPathRooted(v) ? v : Path.Combine(assets, v);
        }
        var defaults = VisionOptions.FromAssets(assets);
        return defaults with
        {
            DetectorModel = Model("detector", "models/yolox_nano_coco_416.onnx")!,
            PpeModel = Model("ppe-model", ""),
            PpeLabels = Model("ppe-labels", ""),
            PreferCuda = !conf.HasPath("prefer-cuda") || conf.GetBoolean("prefer-cuda"),
            DetectionThreshold = conf.HasPath("threshold") ? (float)conf.GetDouble("threshold") : defaults.DetectionThreshold,
            MaxBatch = conf.HasPath("max-batch") ? conf.GetInt("max-batch") : defaults.MaxBatch,
            Workers = conf.HasPath("workers") ? conf.GetInt("workers") : defaults.Workers,
            Realtime = !conf.HasPath("realtime") || conf.GetBoolean("realtime"),
            LoopFiles = conf.HasPath("loop-files") && conf.GetBoolean("loop-files"),
            EvidenceDir = Path.Combine(settings.DataDir, "evidence"),
        };
    }

    /// <summary>../shared/assets beside the checkout (the working directory or any folder above the executable).</summary>
    private static string? FindSharedAssets()
    {
        var candidates = new List<string> { Path.Combine(Directory.GetCurrentDirectory(), "..", "shared", "assets") };
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "cluster.sln")))
                candidates.Add(Path.Combine(dir.FullName, "..", "shared", "assets"));
        return candidates.FirstOrDefault(c => Directory.Exists(Path.Combine(c, "models")));
    }
}
