using System.Globalization;

namespace Vigil.Node.Ingest;

/// <summary>
/// Streams a scenario file: one item per non-blank line, checked against the lines before it (zones and
/// sensors declared before use, readings in non-decreasing time). The first problem ends the read with a
/// <see cref="ScenarioFormatException"/> naming the line.
/// </summary>
public static class ScenarioReader
{
    public static IEnumerable<(int Line, ScenarioItem Item)> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ReadLines(reader);
    }

    private static IEnumerable<(int Line, ScenarioItem Item)> ReadLines(TextReader reader)
    {
        var lines = new LineReader(reader, ScenarioLimits.MaxLineChars);
        var zones = new HashSet<string>(StringComparer.Ordinal);
        var sensors = new HashSet<string>(StringComparer.Ordinal);
        DateTimeOffset? previous = null;
        var number = 0;

        while (Next(lines, ++number) is { } text)
        {
            // A byte-order mark survives readers that were not told the encoding.
            if (number == 1 && text.StartsWith('\uFEFF')) text = text[1..];
            if (string.IsNullOrWhiteSpace(text)) continue;
            if (!ScenarioParser.TryParseLine(text, out var item, out var error))
                throw new ScenarioFormatException(number, error.Message);

            switch (item)
            {
                case ZoneItem zone:
                    zones.Add(zone.ZoneId);
                    break;
                case SensorItem sensor when !zones.Contains(sensor.ZoneId):
                    throw new ScenarioFormatException(number, $"sensor.zone: zone '{sensor.ZoneId}' is not declared earlier in the file");
                case SensorItem sensor:
                    sensors.Add(sensor.SensorId);
                    break;
                case ReadingItem reading when !sensors.Contains(reading.SensorId):
                    throw new ScenarioFormatException(number, $"reading.sensor: sensor '{reading.SensorId}' is not declared earlier in the file");
                case ReadingItem reading when reading.T < previous:
                    throw new ScenarioFormatException(number,
                        $"reading.t: {Format(reading.T)} is earlier than the previous reading's {Format(previous.Value)}; readings must be in non-decreasing time order");
                case ReadingItem reading:
                    previous = reading.T;
                    break;
            }
            yield return (number, item);
        }
    }

    private static string? Next(LineReader lines, int number)
    {
        try
        {
            return lines.ReadLine();
        }
        catch (LineTooLongException e)
        {
            throw new ScenarioFormatException(number, e.Message);
        }
    }

    private static string Format(DateTimeOffset t) => t.ToString("O", CultureInfo.InvariantCulture);
}
