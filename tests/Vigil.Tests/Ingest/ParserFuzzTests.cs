using System.Text;
using System.Text.Json;
using Vigil.Node.Ingest;
using Xunit;

namespace Vigil.Tests.Ingest;

/// <summary>100,000 malformed and hostile readings through the replay parser, as text (replay) and as raw bytes (API, MQTT).</summary>
public sealed class ParserFuzzTests
{
    [Fact]
    public void Hostile_corpus_through_the_parser_is_answered_line_by_line_and_never_throws()
    {
        var report = new FuzzReport();
        var count = 100_000 * FuzzReport.Scale;
        var crashes = new List<string>();
        foreach (var input in FuzzCorpus.Generate(count, seed: 7, DateTimeOffset.UtcNow))
        {
            try
            {
                // Replay: the file is read as UTF-8 text (bad bytes become U+FFFD), one line per object.
                var text = input.Text.Replace('\n', ' ').Replace('\r', ' ');
                if (text.StartsWith('{'))
                    text = "{\"type\":\"reading\"," + text[1..];
                var ok = ScenarioParser.TryParseLine(text, out var item, out var error);
                Assert.True(ok ? item is not null : error is { Message.Length: > 0 });
                report.Count("replay parser", input.Category, ok ? "accepted" : "rejected");

                // API and MQTT: the raw bytes, strictly (invalid UTF-8 is refused by the JSON reader).
                report.Count("byte parser", input.Category, ParseBytes(input.Bytes));
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                crashes.Add($"{input.Category}: {ex.GetType().Name}: {ex.Message} in {input.Text[..Math.Min(200, input.Text.Length)]}");
            }
        }
        report.WriteIfAsked("replay parser");
        report.WriteIfAsked("byte parser");

        Assert.Empty(crashes);
        Assert.Equal(count, report.Total("replay parser"));
        // Good input is never lost among bad, and each hostile category is refused where it cannot be read.
        Assert.Equal(0, report.Of("replay parser", "valid", "rejected"));
        foreach (var c in new[] { "deep_nesting", "truncated", "bad_timestamp", "oversized_fields", "not_an_object" })
            Assert.Equal(0, report.Of("replay parser", c, "accepted"));
        Assert.Equal(0, report.Of("byte parser", "invalid_utf8", "accepted"));
        Assert.True(report.Of("replay parser", "wrong_type", "rejected") > report.Of("replay parser", "wrong_type", "accepted"));
        Assert.True(report.Of("replay parser", "huge_number", "rejected") > 0);
        // NaN and Infinity are refused as numbers; the accepted few put the word in a free-text field (a track id "NaN").
        Assert.True(report.Of("byte parser", "nan_infinity", "rejected") > 10 * report.Of("byte parser", "nan_infinity", "accepted"));
    }

    private static string ParseBytes(byte[] bytes)
    {
        // As the API's RequestBody and the MQTT bridge do: UTF-8 is checked before the JSON reader sees the bytes.
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
            return "rejected";
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes, ScenarioParser.DocumentOptions);
        }
        catch (JsonException)
        {
            return "rejected";
        }
        catch (ArgumentException)
        {
            return "rejected";
        }
        using (doc)
            return ScenarioParser.TryParse(doc.RootElement, "reading", out _, out var error) ? "accepted"
                : error.Message.Length > 0 ? "rejected" : throw new InvalidOperationException("a refusal without a message");
    }
}
