using System.Text.Json;
using Vigil.Messages;
using Vigil.Node.Ingest;
using Xunit;

namespace Vigil.Tests.Ingest;

public sealed class HazardWriterTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 8, 0, 1, 350, TimeSpan.Zero);

    private static Hazard Overspeed(string plate = "苏H12345") =>
        new(Hazard.MakeId("radar-e1", HazardTypes.Overspeed, plate, At), HazardTypes.Overspeed, "radar-e1", "road-east", At,
            Subject: plate, Kmh: 31.2, LimitKmh: 20);

    [Fact]
    public void Overspeed_line_matches_the_spec_example_exactly()
    {
        Assert.Equal(
            """{"hazard":"overspeed","sensor":"radar-e1","zone":"road-east","subject":"苏H12345","t":"2026-03-02T08:00:01.350Z","kmh":31.2,"alarm":"a-000017"}""",
            HazardWriter.ToJsonLine(Overspeed(), "a-000017"));
    }

    [Fact]
    public void Plate_text_survives_hazard_line_unescaped()
    {
        var line = HazardWriter.ToJsonLine(Overspeed("京A·9F8E7"), "a-000001");

        Assert.Contains("\"subject\":\"京A·9F8E7\"", line);
        Assert.DoesNotContain("\\u", line);
    }

    [Fact]
    public void Quotes_and_control_characters_are_still_escaped()
    {
        var line = HazardWriter.ToJsonLine(Overspeed("A\"B\nC"), "a-000001");

        Assert.DoesNotContain('\n', line);
        using var document = JsonDocument.Parse(line);
        Assert.Equal("A\"B\nC", document.RootElement.GetProperty("subject").GetString());
    }

    [Fact]
    public void Hot_spot_line_has_max_c_and_no_subject_or_kmh()
    {
        var hazard = new Hazard("h1", HazardTypes.HotSpot, "th-pit1", "pit-1", new DateTimeOffset(2026, 3, 2, 8, 12, 31, 500, TimeSpan.Zero),
            MaxC: 85.3f, Severity: Severities.Critical);

        Assert.Equal(
            """{"hazard":"hot_spot","sensor":"th-pit1","zone":"pit-1","t":"2026-03-02T08:12:31.500Z","max_c":85.3,"alarm":"a-000002@pit-1"}""",
            HazardWriter.ToJsonLine(hazard, "a-000002@pit-1"));
    }

    [Fact]
    public void Time_keeps_its_own_offset_and_milliseconds()
    {
        var hazard = new Hazard("h", HazardTypes.SensorOffline, "cam-1", "z", new DateTimeOffset(2026, 3, 2, 16, 0, 0, TimeSpan.FromHours(8)).AddTicks(12_345));

        var line = HazardWriter.ToJsonLine(hazard, "a-1");

        Assert.Contains("\"t\":\"2026-03-02T16:00:00.001+08:00\"", line);
    }

    [Fact]
    public void Non_finite_value_is_refused_instead_of_writing_bad_json()
    {
        var hazard = Overspeed() with { Kmh = double.NaN };
        Assert.Throws<ArgumentException>(() => HazardWriter.ToJsonLine(hazard, "a-1"));
    }

    [Fact]
    public void Hazard_line_round_trips_through_the_time_parser()
    {
        var line = HazardWriter.ToJsonLine(Overspeed(), "a-000017");
        using var document = JsonDocument.Parse(line);

        Assert.Equal(At, DateTimeOffset.Parse(document.RootElement.GetProperty("t").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }
}
