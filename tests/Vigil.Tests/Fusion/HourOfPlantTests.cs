using Vigil.Messages;
using Vigil.Node.Eval;
using Vigil.Node.Replay;
using Vigil.Node.Simulation;
using Vigil.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Fusion;

/// <summary>The bar, on an hour of simulated plant with every hazard type, replayed through the live actors and scored as the spec says.</summary>
public sealed class HourOfPlantTests(ITestOutputHelper output)
{
    private static readonly string[] EveryType =
    [
        HazardTypes.NoHelmet, HazardTypes.ZoneIntrusion, HazardTypes.PersonVehicleMixing, HazardTypes.RooftopIntrusion,
        HazardTypes.Overspeed, HazardTypes.HotSpot, HazardTypes.DriverFatigue, HazardTypes.SeatbeltUnfastened,
        HazardTypes.SeatbeltBypassed, HazardTypes.SensorOffline,
    ];

    [Fact]
    public async Task An_hour_of_plant_meets_recall_precision_duplicates_and_delay_bars_for_every_hazard_type()
    {
        using var dir = new TempDir();
        var scenario = Path.Combine(dir.Path, "scenario.jsonl");
        var labelsPath = Path.Combine(dir.Path, "labels.jsonl");
        // The hour starts at 18:40 so the rooftop's 19:00–07:00 night covers most of it.
        var sim = new PlantSimulator(new SimulationOptions(Seed: 2026, Start: new DateTimeOffset(2026, 3, 2, 18, 40, 0, TimeSpan.Zero),
            Duration: TimeSpan.FromHours(1), HazardsPerHour: 20));
        ScenarioFiles.Write(sim, scenario, labelsPath);

        var result = await ReplayCommand.ReplayAsync(scenario, CancellationToken.None);
        List<Label> labels;
        using (var reader = new StreamReader(labelsPath))
            labels = LabelScorer.ReadLabels(reader);
        var hazards = result.Hazards.Select(h => new ScoredHazard(h.Hazard.Type, h.Hazard.SensorId, h.Hazard.Subject, h.Hazard.T, h.Hazard.Kmh)).ToList();
        var rows = LabelScorer.Score(labels, hazards).ToDictionary(r => r.Hazard);
        output.WriteLine(ReplayCommand.Summary(result));
        output.WriteLine(LabelScorer.Table(rows.Values.ToList()));

        Assert.True(result.Elapsed < TimeSpan.FromHours(1));
        foreach (var type in EveryType)
        {
            Assert.True(rows.TryGetValue(type, out var r) && r.Labels >= 5, $"{type}: fewer than 5 labels in the hour");
            // Overspeed counts only when captured with the right plate and a speed within 3 km/h.
            var recall = type == HazardTypes.Overspeed ? r!.CapturedRecall : r!.Recall;
            Assert.True(recall >= 0.99, $"{type}: recall {recall:P1}");
            Assert.True(r.Precision >= 0.99, $"{type}: precision {r.Precision:P1}");
            Assert.True(r.DuplicateRate <= 0.01, $"{type}: duplicates {r.Duplicates} of {r.Hazards}");
        }
        Assert.True(rows["all"].Precision >= 0.99);
        Assert.True(rows[HazardTypes.RooftopIntrusion].DelayP95S <= 1.0, $"rooftop p95 {rows[HazardTypes.RooftopIntrusion].DelayP95S} s");
        Assert.True(rows[HazardTypes.NoHelmet].DelayP95S <= 3.0, $"helmet p95 {rows[HazardTypes.NoHelmet].DelayP95S} s");
        Assert.True(rows[HazardTypes.ZoneIntrusion].DelayP95S <= 3.0, $"intrusion p95 {rows[HazardTypes.ZoneIntrusion].DelayP95S} s");
        Assert.True(rows[HazardTypes.HotSpot].DelayP95S <= 5.0, $"hot spot p95 {rows[HazardTypes.HotSpot].DelayP95S} s");
    }
}
