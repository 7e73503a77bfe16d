using System.Text.Json.Nodes;
using Vigil.Node.Ingest;
using Vigil.Node.Replay;
using Vigil.Node.Simulation;
using Vigil.Tests.Support;
using Xunit;

namespace Vigil.Tests.Replay;

public sealed class ReplayTests
{
    [Fact]
    public async Task Replay_of_a_simulated_plant_finds_every_labelled_hazard_type()
    {
        using var dir = new TempDir();
        var scenario = Path.Combine(dir.Path, "plant.jsonl");
        var labelsPath = Path.Combine(dir.Path, "labels.jsonl");
        ScenarioFiles.Write(new PlantSimulator(new SimulationOptions(Seed: 11, Duration: TimeSpan.FromMinutes(20), HazardsPerHour: 12)), scenario, labelsPath);

        var result = await ReplayCommand.ReplayAsync(scenario, CancellationToken.None);

        var labels = File.ReadAllLines(labelsPath).Select(l => JsonNode.Parse(l)!).ToList();
        var found = result.Hazards.Select(h => h.Hazard.Type).ToHashSet();
        var missing = labels.Select(l => (string)l["hazard"]!).Distinct().Where(t => !found.Contains(t)).ToList();
        Assert.True(missing.Count == 0, "no hazard of type " + string.Join(", ", missing));
        Assert.All(result.Hazards, h => Assert.False(string.IsNullOrEmpty(h.AlarmId)));
        Assert.Equal(result.Hazards.OrderBy(h => h.Hazard.T).Select(h => h.Hazard.T), result.Hazards.Select(h => h.Hazard.T));
        Assert.True(result.Readings > 10_000);
    }

    [Fact]
    public async Task Replay_gives_the_same_hazards_every_time()
    {
        using var dir = new TempDir();
        var scenario = Path.Combine(dir.Path, "plant.jsonl");
        ScenarioFiles.Write(new PlantSimulator(new SimulationOptions(Seed: 3, Duration: TimeSpan.FromMinutes(10), HazardsPerHour: 30)), scenario, Path.Combine(dir.Path, "labels.jsonl"));

        var first = await ReplayCommand.ReplayAsync(scenario, CancellationToken.None);
        var second = await ReplayCommand.ReplayAsync(scenario, CancellationToken.None);

        Assert.NotEmpty(first.Hazards);
        Assert.Equal(first.Hazards.Select(h => h.Hazard.Id), second.Hazards.Select(h => h.Hazard.Id));
    }

    [Fact]
    public async Task Forbidden_line_stops_the_replay_naming_the_line()
    {
        using var dir = new TempDir();
        var scenario = Path.Combine(dir.Path, "bad.jsonl");
        File.WriteAllLines(scenario,
        [
            """{"type":"zone","id":"road-east","kind":"road","speed_limit_kmh":20}""",
            """{"type":"sensor","id":"radar-e1","kind":"radar","zone":"road-east"}""",
            "",
            """{"type":"reading","t":"2026-03-02T08:00:01.200Z","sensor":"radar-e1","speed":{"target":"7","kmh":"fast","lane":1}}""",
        ]);

        var ex = await Assert.ThrowsAsync<ScenarioFormatException>(() => ReplayCommand.ReplayAsync(scenario, CancellationToken.None));

        Assert.Equal(4, ex.Line);
        Assert.Contains("kmh", ex.Message);
    }
}
