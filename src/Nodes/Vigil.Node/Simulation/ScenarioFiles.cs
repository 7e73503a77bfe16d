using System.Text;

namespace Vigil.Node.Simulation;

/// <summary>Writes a simulated run as a scenario file and its labels file (JSON Lines, UTF-8 without BOM, '\n').</summary>
public static class ScenarioFiles
{
    public static void Write(PlantSimulator sim, string scenarioPath, string labelsPath)
    {
        ArgumentNullException.ThrowIfNull(sim);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        CreateFolder(scenarioPath);
        CreateFolder(labelsPath);

        using (var scenario = new StreamWriter(scenarioPath, append: false, utf8) { NewLine = "\n" })
        {
            foreach (var line in sim.ScenarioHeader()) scenario.WriteLine(line);
            foreach (var reading in sim.Readings()) scenario.WriteLine(reading.Json);
        }
        using var labels = new StreamWriter(labelsPath, append: false, utf8) { NewLine = "\n" };
        foreach (var line in sim.Labels) labels.WriteLine(line);
    }

    private static void CreateFolder(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
    }
}
