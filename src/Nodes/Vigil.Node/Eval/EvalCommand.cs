using System.Text;
using Vigil.Node.Ingest;
using Vigil.Node.Replay;

namespace Vigil.Node.Eval;

/// <summary>
/// <c>vigil eval SCENARIO --labels LABELS [--out HAZARDS]</c>: replays the scenario and scores its hazards against the labels;
/// <c>vigil eval --hazards HAZARDS --labels LABELS</c> scores a hazards file written before. Prints the per-type table.
/// </summary>
public static class EvalCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> positional, IReadOnlyDictionary<string, string> flags)
    {
        if (!flags.TryGetValue("labels", out var labelsPath))
            throw new ArgumentException("eval needs --labels LABELS");
        if (!File.Exists(labelsPath))
            throw new ArgumentException($"labels '{labelsPath}' does not exist");
        var hazardsPath = flags.GetValueOrDefault("hazards");
        if ((hazardsPath is null) == (positional.Count != 1))
            throw new ArgumentException("eval needs exactly one of SCENARIO or --hazards HAZARDS");

        List<Label> labels;
        try
        {
            using var reader = new StreamReader(labelsPath, Encoding.UTF8);
            labels = LabelScorer.ReadLabels(reader);
        }
        catch (ScenarioFormatException ex)
        {
            throw new ArgumentException($"{labelsPath}: {ex.Message}");
        }

        List<ScoredHazard> hazards;
        if (hazardsPath is not null)
        {
            if (!File.Exists(hazardsPath))
                throw new ArgumentException($"hazards '{hazardsPath}' does not exist");
            try
            {
                using var reader = new StreamReader(hazardsPath, Encoding.UTF8);
                hazards = LabelScorer.ReadHazards(reader);
            }
            catch (ScenarioFormatException ex)
            {
                throw new ArgumentException($"{hazardsPath}: {ex.Message}");
            }
        }
        else
        {
            if (!File.Exists(positional[0]))
                throw new ArgumentException($"scenario '{positional[0]}' does not exist");
            ReplayCommand.ReplayResult result;
            try
            {
                result = await ReplayCommand.ReplayAsync(positional[0], CancellationToken.None, ReplayProgress.ForConsole());
            }
            catch (ScenarioFormatException ex)
            {
                throw new ArgumentException($"{positional[0]}: {ex.Message}");
            }
            if (flags.TryGetValue("out", out var outPath))
                await ReplayCommand.WriteHazardsAsync(result, outPath);
            Console.Error.WriteLine(ReplayCommand.Summary(result));
            hazards = result.Hazards.Select(h => new ScoredHazard(h.Hazard.Type, h.Hazard.SensorId, h.Hazard.Subject, h.Hazard.T, h.Hazard.Kmh)).ToList();
        }

        Console.Write(LabelScorer.Table(LabelScorer.Score(labels, hazards)));
        return 0;
    }
}
