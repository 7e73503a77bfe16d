namespace Vigil.Node.Simulation;

/// <summary>One vehicle passing the radar checkpoint, with what the radar and the plate camera reported.</summary>
internal sealed class Vehicle(string target, string plate, int lane, double trueKmh, bool speeder, long passMs)
{
    public string Target { get; } = target;
    public string Plate { get; } = plate;
    public int Lane { get; } = lane;
    public double TrueKmh { get; } = trueKmh;
    public bool Speeder { get; } = speeder;
    /// <summary>Time of the first radar sample; the vehicle is under the radar around it.</summary>
    public long PassMs { get; } = passMs;
    public List<(long Ms, double Kmh)> Samples { get; } = [];
    public List<(long Ms, string Text, double Conf)> Plates { get; } = [];
    /// <summary>The true plate read's time.</summary>
    public long PlateMs { get; set; }

    public long From => Math.Min(Samples[0].Ms, PlateMs);
    public long To => Math.Max(Samples[^1].Ms, PlateMs);
}

/// <summary>The east road's traffic: legal vehicles at random, injected speeders, two lanes.</summary>
internal static class RoadPlan
{
    public const double LimitKmh = 20;
    private const long LaneGapMs = 4_000;
    private const int TargetIds = 8;
    private static readonly string[] Provinces = ["苏", "浙", "沪", "皖", "鲁", "豫"];
    private const string Letters = "ABCDEFGHJKLMNPQRSTUVWXYZ";

    public static List<Vehicle> Build(SimContext ctx, Random r)
    {
        var plates = new HashSet<string>();
        var planned = new List<(long Ms, int Lane, bool Speeder)>();

        // Speeders first: one per slot; some with a legal car alongside in the other lane.
        foreach (var t in ctx.Schedule(r, ctx.HazardsPerHour, 4_000))
        {
            var lane = r.Next(1, 3);
            planned.Add((t + 2_000, lane, true));
            if (r.Chance(0.3)) planned.Add((t + 2_000 + (long)r.Uniform(-800, 800), 3 - lane, false));
        }
        // Legal traffic: about one vehicle every 50 s.
        for (var t = (long)r.Uniform(2_000, 30_000); t < ctx.DurationMs - 10_000; t += Math.Max(3_000, (long)(-Math.Log(1 - r.NextDouble()) * 50_000)))
            planned.Add((t, r.Next(1, 3), false));

        // Keep one vehicle at a time per lane: speeders win, then earlier-planned ones.
        var kept = new List<(long Ms, int Lane, bool Speeder)>();
        foreach (var v in planned.Where(p => p.Speeder).Concat(planned.Where(p => !p.Speeder)))
        {
            if (v.Ms < 2_000 || v.Ms > ctx.DurationMs - 8_000) continue;
            if (kept.Any(k => k.Lane == v.Lane && Math.Abs(k.Ms - v.Ms) < LaneGapMs)) continue;
            kept.Add(v);
        }
        kept.Sort((a, b) => a.Ms.CompareTo(b.Ms));

        var vehicles = new List<Vehicle>(kept.Count);
        var target = 0;
        foreach (var (ms, lane, speeder) in kept)
        {
            var kmh = Math.Round(speeder ? r.Uniform(24, 45) : r.Uniform(10, 19), 1);
            var plate = NewPlate(r, plates);
            // The radar recycles a small pool of target ids, as real ones do: an id names a vehicle only while it is in the beam.
            var v = new Vehicle((target++ % TargetIds + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), plate, lane, kmh, speeder, ms);

            // 10 Hz samples while the vehicle is in the beam, ±1 km/h noise.
            var n = r.Next(1, 5);
            var spike = !speeder && n >= 3 && r.Chance(0.12) ? r.Next(n) : -1;
            for (var i = 0; i < n; i++)
            {
                var s = kmh + r.Uniform(-1, 1);
                if (i == spike) s = kmh + r.Uniform(10, 20); // a multipath reflection: one wild sample
                v.Samples.Add((ms + i * 100 + r.Next(0, 5), Math.Round(s, 1)));
            }
            var first = v.Samples[0].Ms;
            var last = v.Samples[^1].Ms;
            v.PlateMs = Math.Max(0, first - 1_000 + (long)r.Uniform(0, last - first + 2_000));
            v.Plates.Add((v.PlateMs, plate, Math.Round(r.Uniform(0.7, 0.99), 2)));
            if (r.Chance(0.08))
            {
                // A second, low-confidence misread of the same plate.
                var misMs = Math.Max(0, first - 1_000 + (long)r.Uniform(0, last - first + 2_000));
                v.Plates.Add((misMs, Misread(r, plate), Math.Round(r.Uniform(0.3, 0.6), 2)));
                v.Plates.Sort((a, b) => a.Ms.CompareTo(b.Ms));
            }
            vehicles.Add(v);
        }
        return vehicles;
    }

    private static string NewPlate(Random r, HashSet<string> used)
    {
        while (true)
        {
            var chars = new char[5];
            for (var i = 0; i < 5; i++)
                chars[i] = i < 3 || r.Chance(0.7) ? (char)('0' + r.Next(10)) : Letters[r.Next(Letters.Length)];
            var plate = r.Pick(Provinces) + Letters[r.Next(8)] + new string(chars);
            if (used.Add(plate)) return plate;
        }
    }

    private static string Misread(Random r, string plate)
    {
        var chars = plate.ToCharArray();
        var i = r.Next(2, chars.Length);
        var c = chars[i];
        chars[i] = c switch { '8' => 'B', 'B' => '8', '0' => 'D', 'D' => '0', '1' => '7', '7' => '1', '5' => 'S', _ => (char)('0' + (c - '0' + 3 + 10) % 10) };
        if (!char.IsAsciiLetterOrDigit(chars[i])) chars[i] = '3';
        if (chars[i] == c) chars[i] = c == '3' ? '8' : '3';
        return new string(chars);
    }
}

/// <summary>The radar checkpoint: speed samples and plate reads, and an overspeed label per speeder.</summary>
internal sealed class RadarScene(SimContext ctx, string sensorId, IReadOnlyList<Vehicle> vehicles)
{
    public IEnumerable<SimItem> Generate()
    {
        var items = new List<(long Ms, int Seq, SimItem Item)>();
        var seq = 0;
        foreach (var v in vehicles)
        {
            foreach (var (ms, kmh) in v.Samples)
            {
                var sb = ctx.Reading(ms, sensorId, 128);
                sb.Append("\"speed\":{\"target\":");
                Json.Str(sb, v.Target);
                sb.Append(",\"kmh\":").Append(Json.F1(kmh)).Append(",\"lane\":").Append(v.Lane).Append("}}");
                items.Add((ms, seq++, new SimItem(ms, sb.ToString(), null)));
            }
            foreach (var (ms, text, conf) in v.Plates)
            {
                var sb = ctx.Reading(ms, sensorId, 128);
                sb.Append("\"plate\":{\"text\":");
                Json.Str(sb, text);
                sb.Append(",\"conf\":").Append(Json.F2(conf)).Append(",\"lane\":").Append(v.Lane).Append("}}");
                items.Add((ms, seq++, new SimItem(ms, sb.ToString(), null)));
            }
            if (v.Speeder)
            {
                var last = Math.Max(v.To, v.Plates.Max(p => p.Ms));
                items.Add((last, seq++, new SimItem(last, null,
                    ctx.Label("overspeed", sensorId, v.Plate, v.From, null, v.To, v.TrueKmh))));
            }
        }
        items.Sort((a, b) => a.Ms != b.Ms ? a.Ms.CompareTo(b.Ms) : a.Seq.CompareTo(b.Seq));
        foreach (var i in items) yield return i.Item;
    }
}
