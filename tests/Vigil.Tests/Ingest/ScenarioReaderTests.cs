using Vigil.Node.Ingest;
using Xunit;

namespace Vigil.Tests.Ingest;

public sealed class ScenarioReaderTests
{
    private const string Declarations = """
        {"type":"zone","id":"road-east","kind":"road","speed_limit_kmh":20}
        {"type":"sensor","id":"radar-e1","kind":"radar","zone":"road-east"}
        """;

    private static string Speed(string t, double kmh = 30, string sensor = "radar-e1") =>
        $$$"""{"type":"reading","t":"{{{t}}}","sensor":"{{{sensor}}}","speed":{"target":"7","kmh":{{{kmh}}},"lane":1}}""";

    private static List<(int Line, ScenarioItem Item)> ReadAll(string text) => ScenarioReader.Read(new StringReader(text)).ToList();

    private static ScenarioFormatException Failure(string text) =>
        Assert.Throws<ScenarioFormatException>(() => ReadAll(text));

    [Fact]
    public void Spec_example_reads_in_order_with_line_numbers()
    {
        var items = ReadAll(SpecExampleTests.Scenario);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7], items.Select(i => i.Line));
        Assert.Equal(2, items.Count(i => i.Item is ZoneItem));
        Assert.Equal(2, items.Count(i => i.Item is SensorItem));
        Assert.Equal(3, items.Count(i => i.Item is ReadingItem));
    }

    [Fact]
    public void Blank_lines_are_skipped_but_counted()
    {
        var items = ReadAll(Declarations + "\n\n   \n" + Speed("2026-03-02T08:00:00Z") + "\n\n");

        Assert.Equal([1, 2, 5], items.Select(i => i.Line));
    }

    [Fact]
    public void Windows_line_endings_and_a_byte_order_mark_are_accepted()
    {
        var text = "\uFEFF" + Declarations.Replace("\n", "\r\n") + "\r\n" + Speed("2026-03-02T08:00:00Z") + "\r\n";

        var items = ReadAll(text);

        Assert.Equal([1, 2, 3], items.Select(i => i.Line));
    }

    [Fact]
    public void Field_error_is_reported_with_its_line()
    {
        var error = Failure(Declarations + "\n" + Speed("2026-03-02T08:00:00Z") + "\n\n" + Speed("2026-03-02T08:00:01Z").Replace("30", "\"NaN\""));

        Assert.Equal("line 5: reading.speed.kmh: NaN is not a number", error.Message);
        Assert.Equal(5, error.Line);
        Assert.Equal("reading.speed.kmh: NaN is not a number", error.Problem);
    }

    [Fact]
    public void Invalid_json_is_reported_with_its_line()
    {
        var error = Failure("""{"type":"zone","id":"z","kind":"road"}""" + "\n{oops");
        Assert.StartsWith("line 2: invalid JSON: ", error.Message);
    }

    [Fact]
    public void Reading_earlier_than_the_previous_one_is_rejected()
    {
        var error = Failure(Declarations + "\n" + Speed("2026-03-02T08:00:01Z") + "\n" + Speed("2026-03-02T08:00:00.999Z"));

        Assert.Equal(4, error.Line);
        Assert.StartsWith("line 4: reading.t: 2026-03-02T08:00:00.9990000+00:00 is earlier than the previous reading's 2026-03-02T08:00:01.0000000+00:00", error.Message);
    }

    [Fact]
    public void Readings_with_equal_times_are_in_order()
    {
        Assert.Equal(4, ReadAll(Declarations + "\n" + Speed("2026-03-02T08:00:01Z") + "\n" + Speed("2026-03-02T08:00:01Z")).Count);
    }

    [Fact]
    public void Order_compares_instants_not_local_clock_readings()
    {
        // 08:30+01:00 is 07:30Z: earlier, though its clock reading is later.
        var error = Failure(Declarations + "\n" + Speed("2026-03-02T08:00:00Z") + "\n" + Speed("2026-03-02T08:30:00+01:00"));
        Assert.Equal(4, error.Line);

        Assert.Equal(4, ReadAll(Declarations + "\n" + Speed("2026-03-02T08:00:00Z") + "\n" + Speed("2026-03-02T09:00:00+01:00")).Count);
    }

    [Fact]
    public void Reading_for_an_undeclared_sensor_is_rejected()
    {
        var error = Failure(Declarations + "\n" + Speed("2026-03-02T08:00:00Z", sensor: "radar-w9"));
        Assert.Equal("line 3: reading.sensor: sensor 'radar-w9' is not declared earlier in the file", error.Message);
    }

    [Fact]
    public void Reading_before_its_sensor_declaration_is_rejected()
    {
        var text = """{"type":"zone","id":"road-east","kind":"road"}""" + "\n" + Speed("2026-03-02T08:00:00Z") + "\n"
            + """{"type":"sensor","id":"radar-e1","kind":"radar","zone":"road-east"}""";

        Assert.Equal(2, Failure(text).Line);
    }

    [Fact]
    public void Sensor_in_an_undeclared_zone_is_rejected()
    {
        var error = Failure("""
            {"type":"zone","id":"road-east","kind":"road"}
            {"type":"sensor","id":"radar-e1","kind":"radar","zone":"road-west"}
            """);
        Assert.Equal("line 2: sensor.zone: zone 'road-west' is not declared earlier in the file", error.Message);
    }

    [Fact]
    public void Items_are_streamed_before_a_later_error()
    {
        var seen = new List<int>();
        Assert.Throws<ScenarioFormatException>(() =>
        {
            foreach (var (line, _) in ScenarioReader.Read(new StringReader(Declarations + "\n{\"type\":\"foo\"}")))
                seen.Add(line);
        });
        Assert.Equal([1, 2], seen);
    }

    [Fact]
    public void Endless_line_is_rejected_before_it_fills_memory()
    {
        var text = Declarations + "\n" + new string('x', ScenarioLimits.MaxLineChars + 1);

        var error = Failure(text);

        Assert.Equal($"line 3: the line is longer than {ScenarioLimits.MaxLineChars} characters", error.Message);
    }

    [Fact]
    public void Null_reader_is_refused_at_the_call()
    {
        Assert.Throws<ArgumentNullException>(() => ScenarioReader.Read(null!));
    }
}
