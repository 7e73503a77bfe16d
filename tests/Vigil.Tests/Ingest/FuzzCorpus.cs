using System.Globalization;
using System.Text;

namespace Vigil.Tests.Ingest;

/// <summary>
/// A deterministic corpus of malformed and hostile reading inputs (as raw bytes, so invalid UTF-8 is possible), each tagged
/// with the category it exercises. Valid readings are mixed in, as a live feed would mix them, to show bad input never
/// disturbs good input. Readings name the test plant's sensors (cam-m1, radar-e1, th-pit1, fl-07) or unknown ones.
/// </summary>
public static class FuzzCorpus
{
    public sealed record Input(string Category, byte[] Bytes, string Sensor)
    {
        public string Text => Encoding.UTF8.GetString(Bytes);
    }

    public static readonly string[] Categories =
    [
        "valid", "wrong_type", "huge_number", "nan_infinity", "deep_nesting", "invalid_utf8", "oversized_fields",
        "unknown_sensor", "old_timestamp", "future_timestamp", "bad_timestamp", "truncated", "mutated", "missing_field", "not_an_object",
    ];

    private static readonly string[] Sensors = ["cam-m1", "radar-e1", "th-pit1", "fl-07"];
    private const string Mutations = "{}[]\":,\\0x-.eE \u0000\u00ff\u2028";

    public static IEnumerable<Input> Generate(int count, int seed, DateTimeOffset now)
    {
        var rng = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var category = Categories[i % Categories.Length];
            var sensor = Sensors[rng.Next(Sensors.Length)];
            yield return Make(category, sensor, rng, now.AddMilliseconds(i));
        }
    }

    private static string T(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A valid reading of the sensor's kind, with each payload value given by <paramref name="v"/> (name → JSON text).</summary>
    private static string Reading(string sensor, string t, Func<string, string, string> v)
    {
        var time = v("t", "\"" + t + "\"");
        var head = "{\"t\":" + time + ",\"sensor\":\"" + sensor + "\",";
        return sensor switch
        {
            "cam-m1" => head + "\"frame\":{\"w\":" + v("w", "1920") + ",\"h\":" + v("h", "1080") + "},\"detections\":[{\"cls\":" + v("cls", "\"person\"")
                + ",\"box\":[" + v("x", "812") + ",300,90," + v("bh", "240") + "],\"conf\":" + v("conf", "0.91") + ",\"track\":" + v("track", "\"12\"")
                + ",\"helmet\":" + v("helmet", "true") + "}]}",
            "radar-e1" => head + "\"speed\":{\"target\":" + v("target", "\"7\"") + ",\"kmh\":" + v("kmh", "12.5") + ",\"lane\":" + v("lane", "1") + "}}",
            "th-pit1" => head + "\"thermal\":{\"w\":" + v("w", "2") + ",\"h\":" + v("h", "2") + ",\"c\":[" + v("c0", "25") + ",26," + v("c2", "27") + ",24]}}",
            _ => head + "\"telemetry\":{\"kmh\":" + v("kmh", "4") + ",\"seatbelt\":" + v("seatbelt", "true") + ",\"seat\":" + v("seat", "true") + ",\"ignition\":" + v("ignition", "true") + "}}",
        };
    }

    private static readonly Dictionary<string, string[]> Fields = new()
    {
        ["cam-m1"] = ["t", "w", "h", "cls", "x", "bh", "conf", "track", "helmet"],
        ["radar-e1"] = ["t", "target", "kmh", "lane"],
        ["th-pit1"] = ["t", "w", "h", "c0", "c2"],
        ["fl-07"] = ["t", "kmh", "seatbelt", "seat", "ignition"],
    };

    private static Input Make(string category, string sensor, Random rng, DateTimeOffset now)
    {
        var t = T(now);
        string Pick(string[] a) => a[rng.Next(a.Length)];
        string WithField(string value)
        {
            var field = Pick(Fields[sensor]);
            return Reading(sensor, t, (name, d) => name == field ? value : d);
        }
        string text;
        switch (category)
        {
            case "valid":
                text = Reading(sensor, t, (_, d) => d);
                break;
            case "wrong_type":
                text = WithField(Pick(["\"12\"", "\"abc\"", "[]", "{}", "null", "true", "[1,2]", "{\"a\":1}", "\"\"", "0", "-1"]));
                break;
            case "huge_number":
                text = WithField(Pick(["1e308", "-1e308", "1e400", "-1e400", "9223372036854775808", "-9223372036854775809", "1" + new string('0', 400), "4294967296", "1e-400", "123456789012345678901234567890"]));
                break;
            case "nan_infinity":
                text = WithField(Pick(["NaN", "Infinity", "-Infinity", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "nan", "inf", "1/0", "0x10"]));
                break;
            case "deep_nesting":
            {
                var depth = 20 + rng.Next(2000);
                var open = rng.Next(2) == 0 ? "[" : "{\"a\":";
                var close = open == "[" ? "]" : "}";
                var nested = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
                text = rng.Next(2) == 0 ? WithField(nested) : nested;
                break;
            }
            case "invalid_utf8":
            {
                var bytes = Encoding.UTF8.GetBytes(Reading(sensor, t, (_, d) => d)).ToList();
                byte[][] bad = [[0xC3, 0x28], [0xFF], [0xFE, 0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xE2, 0x82]];
                var at = rng.Next(bytes.Count);
                bytes.InsertRange(at, bad[rng.Next(bad.Length)]);
                return new Input(category, [.. bytes], sensor);
            }
            case "oversized_fields":
                text = Pick([
                    WithField("\"" + new string('x', 70_000) + "\""),
                    "{\"t\":\"" + t + "\",\"sensor\":\"cam-m1\",\"detections\":[" + string.Join(",", Enumerable.Repeat("{\"cls\":\"person\",\"box\":[1,1,1,1],\"conf\":0.5}", 600)) + "]}",
                    "{\"t\":\"" + t + "\",\"sensor\":\"th-pit1\",\"thermal\":{\"w\":2000,\"h\":2000,\"c\":[1]}}",
                    "{\"t\":\"" + t + "\",\"sensor\":\"th-pit1\",\"thermal\":{\"w\":3,\"h\":3,\"c\":[" + string.Join(",", Enumerable.Repeat("20", 5000)) + "]}}",
                    "{\"t\":\"" + t + "\",\"sensor\":\"" + new string('s', 5000) + "\",\"speed\":{\"target\":\"1\",\"kmh\":3,\"lane\":1}}",
                    "{\"t\":\"" + t + "\",\"sensor\":\"radar-e1\",\"plate\":{\"text\":\"" + new string('苏', 500) + "\",\"conf\":0.9,\"lane\":1}}",
                ]);
                break;
            case "unknown_sensor":
            {
                var ghost = Pick(["ghost-" + rng.Next(1000), "", " ", "../../etc/passwd", "cam-m1\u0000", "<script>", "radar-e1 ", "CAM-M1", "a/b", "#", "+"]);
                sensor = ghost;
                text = Reading("radar-e1", t, (_, d) => d).Replace("\"sensor\":\"radar-e1\"", "\"sensor\":" + System.Text.Json.JsonSerializer.Serialize(ghost));
                break;
            }
            case "old_timestamp":
                text = Reading(sensor, t, (name, d) => name == "t" ? $"\"{Pick(["1970-01-01T00:00:00Z", "2000-02-29T12:00:00+08:00", "0001-01-01T00:00:00Z", "2019-06-01T00:00:00.000Z"])}\"" : d);
                break;
            case "future_timestamp":
                text = Reading(sensor, t, (name, d) => name == "t" ? $"\"{Pick(["9999-12-31T23:59:59Z", "2100-01-01T00:00:00Z", T(now.AddDays(3)), "3000-06-01T00:00:00+14:00"])}\"" : d);
                break;
            case "bad_timestamp":
                text = WithFieldT(Pick(["\"yesterday\"", "\"2026-13-45T25:61:61Z\"", "\"2026-03-02 08:00:00\"", "\"2026-03-02T08:00:00\"", "1709366400", "\"\"", "\"2026-02-30T00:00:00Z\"", "\"+999999-01-01T00:00:00Z\"", "\"T\"", "\"2026-03-02T08:00:00Z\\u0000\""]));
                break;
            case "truncated":
            {
                var full = Reading(sensor, t, (_, d) => d);
                text = full[..rng.Next(1, full.Length - 1)];
                break;
            }
            case "mutated":
            {
                var chars = Reading(sensor, t, (_, d) => d).ToCharArray();
                for (var k = 1 + rng.Next(4); k > 0; k--)
                    chars[rng.Next(chars.Length)] = Mutations[rng.Next(Mutations.Length)];
                text = new string(chars);
                break;
            }
            case "missing_field":
            {
                var full = Reading(sensor, t, (_, d) => d);
                var drop = Pick(["\"t\":", "\"sensor\":", "\"kmh\":", "\"lane\":", "\"c\":", "\"w\":", "\"cls\":", "\"box\":", "\"seatbelt\":", "\"target\":"]);
                var at = full.IndexOf(drop, StringComparison.Ordinal);
                text = at < 0 ? """{"sensor":"radar-e1"}""" : full.Remove(at, drop.Length).Insert(at, "\"zz\":");
                break;
            }
            default:
                text = Pick(["42", "\"reading\"", "null", "true", "[]", "[[]]", "[{}]", "{}", "{\"type\":\"zone\",\"id\":\"z\",\"kind\":\"road\"}", "{\"type\":\"bogus\"}", " ", "\uFEFF{}"]);
                break;
        }
        return new Input(category, Encoding.UTF8.GetBytes(text), sensor);

        string WithFieldT(string value) => Reading(sensor, t, (name, d) => name == "t" ? value : d);
    }
}
