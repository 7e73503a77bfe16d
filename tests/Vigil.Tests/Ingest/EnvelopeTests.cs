using System.Text.Json;
using Vigil.Messages;
using Vigil.Node.Ingest;
using Xunit;

namespace Vigil.Tests.Ingest;

public sealed class EnvelopeTests
{
    [Fact]
    public void Unknown_type_is_rejected()
    {
        Assert.Equal("type: unknown type 'foo': expected zone, sensor or reading", Parse.Error("""{"type":"foo","id":"x"}"""));
    }

    [Fact]
    public void Type_is_required_in_a_scenario_line()
    {
        Assert.Equal("type is required: one of zone, sensor, reading", Parse.Error("""{"id":"z","kind":"road"}"""));
    }

    [Fact]
    public void Type_that_is_not_a_string_is_rejected()
    {
        Assert.Equal("type: expected a string, got a number", Parse.Error("""{"type":1}"""));
    }

    [Theory]
    [InlineData("zone", """{"id":"z","kind":"road"}""", typeof(ZoneItem))]
    [InlineData("sensor", """{"id":"s","kind":"radar","zone":"z"}""", typeof(SensorItem))]
    [InlineData("reading", """{"t":"2026-03-02T08:00:00Z","sensor":"s","driver":{"face":false}}""", typeof(ReadingItem))]
    public void Type_may_be_omitted_when_the_endpoint_says_it(string expectedType, string json, Type itemType)
    {
        using var document = JsonDocument.Parse(json);
        Assert.True(ScenarioParser.TryParse(document.RootElement, expectedType, out var item, out var error), error?.Message);
        Assert.IsType(itemType, item);
    }

    [Fact]
    public void Type_given_to_an_endpoint_must_match_it()
    {
        Assert.Equal("type: 'sensor' given where 'zone' is expected", Parse.Error("""{"type":"sensor","id":"z","kind":"road"}""", "zone"));
        Assert.IsType<ZoneItem>(Parse.Ok<ZoneItem>("""{"type":"zone","id":"z","kind":"road"}""", "zone"));
    }

    [Fact]
    public void Field_paths_start_with_the_endpoint_type_when_type_is_omitted()
    {
        Assert.Equal("reading.speed.kmh: NaN is not a number",
            Parse.Error("""{"t":"2026-03-02T08:00:00Z","sensor":"s","speed":{"target":"7","kmh":"NaN","lane":1}}""", "reading"));
    }

    [Fact]
    public void Unsupported_expected_type_is_a_programming_error()
    {
        using var document = JsonDocument.Parse("{}");
        Assert.Throws<ArgumentException>(() => ScenarioParser.TryParse(document.RootElement, "alarm", out _, out _));
    }

    [Theory]
    [InlineData("[1,2]", "expected a JSON object, got an array")]
    [InlineData("\"zone\"", "expected a JSON object, got a string")]
    [InlineData("null", "expected a JSON object, got null")]
    public void Non_object_is_rejected(string json, string expected)
    {
        Assert.Equal(expected, Parse.Error(json));
    }

    [Fact]
    public void Unknown_fields_are_ignored_everywhere()
    {
        var zone = Parse.Ok<ZoneItem>("""{"type":"zone","id":"z","kind":"road","colour":"red","extra":{"a":[1,2,{"b":null}]}}""");
        var sensor = Parse.Ok<SensorItem>("""{"type":"sensor","id":"s","kind":"camera","zone":"z","vendor":"Acme","config":{"fps":25,"rules":["helmet"]}}""");
        var reading = Parse.Ok<ReadingItem>("""
            {"type":"reading","t":"2026-03-02T08:00:00Z","sensor":"s","seq":991,
             "detections":[{"cls":"person","box":[1,2,3,4],"conf":0.5,"color":"red"}],"frame":{"w":640,"h":480,"fps":25}}
            """);

        Assert.Equal(ZoneKinds.Road, zone.Config.Kind);
        Assert.Equal(["helmet"], sensor.Config.Rules!);
        Assert.Single(((CameraDetections)reading.Payload!).Detections);
    }

    [Fact]
    public void Field_given_twice_is_rejected_as_ambiguous()
    {
        Assert.Equal("reading.speed: field 'kmh' appears more than once",
            Parse.Error(Parse.Reading(""" "speed":{"target":"7","kmh":10,"kmh":90,"lane":1} """)));
        Assert.Equal("object: field 'type' appears more than once", Parse.Error("""{"type":"zone","type":"sensor"}"""));
    }

    [Fact]
    public void Invalid_json_line_names_the_json_problem()
    {
        Assert.False(ScenarioParser.TryParseLine("""{"type":"zone","id":"z",}""", out var item, out var error));
        Assert.Null(item);
        Assert.StartsWith("invalid JSON: ", error!.Message);
        Assert.Contains("BytePositionInLine", error.Message);
    }

    [Theory]
    [InlineData("""{"type":"zone","id":"z","kind":"road"} {}""")]
    [InlineData("""{"type":"zone",'id':"z","kind":"road"}""")]
    [InlineData("""{"type":"zone","id":"z","kind":"road"} // note""")]
    [InlineData("")]
    public void Json_beyond_the_standard_is_invalid(string line)
    {
        Assert.False(ScenarioParser.TryParseLine(line, out _, out var error));
        Assert.StartsWith("invalid JSON: ", error!.Message);
    }

    [Fact]
    public void Nesting_deeper_than_32_is_rejected()
    {
        static string Nested(int depth) => new string('[', depth) + new string(']', depth);

        Assert.True(ScenarioParser.TryParseLine($$"""{"type":"zone","id":"z","kind":"road","x":{{Nested(31)}}}""", out _, out var error), error?.Message);
        Assert.False(ScenarioParser.TryParseLine($$"""{"type":"zone","id":"z","kind":"road","x":{{Nested(32)}}}""", out _, out error));
        Assert.StartsWith("invalid JSON: ", error!.Message);
        Assert.Contains("32", error.Message);
    }

    [Fact]
    public void Parse_error_prints_as_its_message()
    {
        Assert.Equal("reading.t is required", new ParseError("reading.t is required").ToString());
    }
}
