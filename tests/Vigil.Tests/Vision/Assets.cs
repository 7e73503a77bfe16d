using Xunit;

namespace Vigil.Tests.Vision;

/// <summary>The shared models and media (../shared/assets from the repository root, or VIGIL_ASSETS).</summary>
public static class Assets
{
    public static readonly string? Root = Find();

    public static bool Available => Root is not null;

    public static string Model(string name) => Path.Combine(Root!, "models", name);

    public static string Media(string name) => Path.Combine(Root!, "media", name);

    public static string Cascade(string name) => Path.Combine(Root!, "cascades", name);

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("VIGIL_ASSETS") is { Length: > 0 } configured)
            return Directory.Exists(configured) ? configured : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "cluster.sln")))
            {
                var assets = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "assets"));
                return Directory.Exists(Path.Combine(assets, "models")) ? assets : null;
            }
        }
        return null;
    }
}

/// <summary>A fact that needs the shared models/media; skipped, saying why, where they are absent.</summary>
public sealed class AssetFactAttribute : FactAttribute
{
    public AssetFactAttribute()
    {
        if (!Assets.Available)
            Skip = "../shared/assets (models and media) not found next to the repository and VIGIL_ASSETS not set";
    }
}
