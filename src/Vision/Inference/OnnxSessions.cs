using Microsoft.ML.OnnxRuntime;

namespace Vigil.Vision.Inference;

/// <summary>Which execution provider a session runs on.</summary>
public enum ExecutionDevice
{
    Cpu,
    Cuda,
}

/// <summary>An ONNX session and the provider it actually got.</summary>
public sealed record OnnxModel(InferenceSession Session, ExecutionDevice Device, string Path, string? FallbackReason) : IDisposable
{
    public void Dispose() => Session.Dispose();
}

/// <summary>
/// Creates ONNX Runtime sessions: CUDA when asked and it really works, else CPU. CUDA is probed by creating the
/// session and catching the failure, because <c>GetAvailableProviders()</c> lists CUDA on machines without a GPU.
/// </summary>
public static class OnnxSessions
{
    public static OnnxModel Create(string path, bool preferCuda, int cpuThreads = 0)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"ONNX model '{path}' does not exist (set vision model paths in the configuration)", path);
        string? reason = null;
        if (preferCuda)
        {
            try
            {
                var o = new SessionOptions();
                o.AppendExecutionProvider_CUDA(0);
                return new OnnxModel(new InferenceSession(path, o), ExecutionDevice.Cuda, path, null);
            }
            catch (Exception ex)
            {
                reason = FirstLine(ex.Message);
            }
        }
        var cpu = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (cpuThreads > 0)
            cpu.IntraOpNumThreads = cpuThreads;
        return new OnnxModel(new InferenceSession(path, cpu), ExecutionDevice.Cpu, path, reason);
    }

    private static string FirstLine(string s)
    {
        var i = s.IndexOf('\n');
        return i < 0 ? s : s[..i];
    }
}
