using Vigil.Node.Eval;
using Vigil.Node.Ingest;
using Xunit;

namespace Vigil.Tests.Fusion;

public sealed class LabelScorerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(double s) => T0.AddSeconds(s);

    private static Label L(string type, string sensor, double from, double to, string? subject = null, double? onset = null, double? kmh = null) =>
        new(type, sensor, subject, At(from), At(onset ?? from), At(to), kmh);

    private static ScoredHazard H(string type, string sensor, double t, string? subject = null, double? kmh = null) =>
        new(type, sensor, subject, At(t), kmh);

    private static TypeScore Row(IReadOnlyList<TypeScore> rows, string type) => rows.Single(r => r.Hazard == type);

    [Fact]
    public void First_hazard_in_the_window_finds_the_label_and_a_second_is_a_duplicate()
    {
        var rows = LabelScorer.Score([L("no_helmet", "cam", 10, 20, "7")], [H("no_helmet", "cam", 12, "7"), H("no_helmet", "cam", 14, "7")]);

        var r = Row(rows, "no_helmet");
        Assert.Equal((1, 1, 2, 0, 1), (r.Labels, r.Found, r.Hazards, r.FalseAlarms, r.Duplicates));
        Assert.Equal(2.0, r.DelayP50S);
        Assert.Equal(1.0, r.Precision);
    }

    [Fact]
    public void Window_runs_from_from_to_five_seconds_after_to()
    {
        var labels = new[] { L("hot_spot", "th", 10, 20, onset: 15) };

        Assert.Equal(1, Row(LabelScorer.Score(labels, [H("hot_spot", "th", 25)]), "hot_spot").Found);
        Assert.Equal(1, Row(LabelScorer.Score(labels, [H("hot_spot", "th", 25.001)]), "hot_spot").FalseAlarms);
        Assert.Equal(1, Row(LabelScorer.Score(labels, [H("hot_spot", "th", 9.999)]), "hot_spot").FalseAlarms);
    }

    [Fact]
    public void Early_detection_between_from_and_onset_has_zero_delay()
    {
        var r = Row(LabelScorer.Score([L("hot_spot", "th", 10, 60, onset: 40)], [H("hot_spot", "th", 30)]), "hot_spot");

        Assert.Equal(1, r.Found);
        Assert.Equal(0.0, r.DelayMaxS);
    }

    [Fact]
    public void Subject_sensor_and_type_must_match()
    {
        var rows = LabelScorer.Score([L("no_helmet", "cam", 10, 20, "7")],
            [H("no_helmet", "cam", 11, "8"), H("no_helmet", "cam2", 11, "7"), H("zone_intrusion", "cam", 11, "7")]);

        Assert.Equal(0, Row(rows, "no_helmet").Found);
        Assert.Equal(2, Row(rows, "no_helmet").FalseAlarms);
        Assert.Equal(1, Row(rows, "zone_intrusion").FalseAlarms);
    }

    [Fact]
    public void Label_without_subject_is_found_by_any_subject()
    {
        var r = Row(LabelScorer.Score([L("overspeed", "fl", 10, 20)], [H("overspeed", "fl", 12, "fl")]), "overspeed");
        Assert.Equal(1, r.Found);
    }

    [Fact]
    public void Overspeed_is_captured_only_with_the_right_plate_and_speed_within_3_kmh()
    {
        var labels = new[]
        {
            L("overspeed", "radar", 10, 12, "苏H12345", kmh: 31.0),
            L("overspeed", "radar", 30, 32, "苏H54321", kmh: 40.0),
            L("overspeed", "radar", 50, 52, "苏H00001", kmh: 25.0),
        };
        var rows = LabelScorer.Score(labels,
        [
            H("overspeed", "radar", 12, "苏H12345", 33.9),
            H("overspeed", "radar", 32, "苏H54321", 36.5),
            H("overspeed", "radar", 52, "unknown", 25.0),
        ]);

        var r = Row(rows, "overspeed");
        Assert.Equal((3, 2, 1, 1), (r.Labels, r.Found, r.Captured, r.FalseAlarms));
        Assert.Equal(1.0 / 3, r.CapturedRecall, 6);
    }

    [Fact]
    public void Two_labels_of_one_sensor_are_found_by_their_own_hazards_in_time_order()
    {
        var rows = LabelScorer.Score([L("hot_spot", "th", 0, 100), L("hot_spot", "th", 50, 200)],
            [H("hot_spot", "th", 60), H("hot_spot", "th", 10)]);

        var r = Row(rows, "hot_spot");
        Assert.Equal((2, 0, 0), (r.Found, r.Duplicates, r.FalseAlarms));
    }

    [Fact]
    public void Delay_percentiles_are_nearest_rank()
    {
        var labels = Enumerable.Range(0, 20).Select(i => L("zone_intrusion", "cam", i * 100, i * 100 + 50, $"{i}")).ToArray();
        var hazards = Enumerable.Range(0, 20).Select(i => H("zone_intrusion", "cam", i * 100 + (i + 1) * 0.1, $"{i}")).ToArray();

        var r = Row(LabelScorer.Score(labels, hazards), "zone_intrusion");

        Assert.Equal(1.0, r.DelayP50S!.Value, 6);
        Assert.Equal(1.9, r.DelayP95S!.Value, 6);
        Assert.Equal(2.0, r.DelayMaxS!.Value, 6);
    }

    [Fact]
    public void Total_row_sums_every_type()
    {
        var rows = LabelScorer.Score([L("a", "s", 0, 10), L("b", "s", 0, 10)], [H("a", "s", 1), H("c", "s", 1)]);

        var all = Row(rows, "all");
        Assert.Equal((2, 1, 2, 1), (all.Labels, all.Found, all.Hazards, all.FalseAlarms));
    }

    [Fact]
    public void Labels_file_with_a_bad_line_names_it()
    {
        var ok = LabelScorer.ReadLabels(new StringReader(
            """{"hazard":"hot_spot","sensor":"th","from":"2026-03-02T08:10:00.000Z","onset":"2026-03-02T08:12:31.500Z","to":"2026-03-02T08:20:00.000Z","extra":1}""" + "\n\n"));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 12, 31, 500, TimeSpan.Zero), Assert.Single(ok).Onset);

        var ex = Assert.Throws<ScenarioFormatException>(() => LabelScorer.ReadLabels(new StringReader(
            "{\"hazard\":\"x\",\"sensor\":\"s\",\"from\":\"2026-03-02T08:10:00Z\",\"to\":\"2026-03-02T08:20:00Z\"}\n{\"hazard\":\"x\",\"sensor\":\"s\",\"from\":\"yesterday\",\"to\":\"2026-03-02T08:20:00Z\"}")));
        Assert.Equal(2, ex.Line);
        Assert.Contains("from", ex.Message);
    }

    [Fact]
    public void Table_lists_every_column_and_the_capture_rate_for_overspeed()
    {
        var table = LabelScorer.Table(LabelScorer.Score([L("overspeed", "r", 0, 5, "P", kmh: 30)], [H("overspeed", "r", 5, "P", 31)]));

        Assert.Contains("| hazard | labels | found | recall | captured | hazards | false alarms | precision | duplicates | delay p50 s | delay p95 s | delay max s |", table);
        Assert.Contains("| overspeed | 1 | 1 | 100.0% | 1 (100.0%) | 1 | 0 | 100.0% | 0 | 5.00 | 5.00 | 5.00 |", table);
    }
}
