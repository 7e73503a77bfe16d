namespace Vigil.Node.Simulation;

/// <summary>Sorted, non-overlapping time intervals queried in non-decreasing time.</summary>
internal sealed class Intervals
{
    private readonly List<(long From, long To)> _items = [];
    private int _cursor;

    public IReadOnlyList<(long From, long To)> Items => _items;

    public void Add(long from, long to) => _items.Add((from, to));

    public void Sort() => _items.Sort((a, b) => a.From.CompareTo(b.From));

    public bool Overlaps(long from, long to) => _items.Any(i => i.From < to && from < i.To);

    /// <summary>Is ms inside one of the intervals [from, to)? Calls must come in non-decreasing time.</summary>
    public bool Contains(long ms)
    {
        while (_cursor < _items.Count && _items[_cursor].To <= ms) _cursor++;
        for (var i = _cursor; i < _items.Count && _items[i].From <= ms; i++)
            if (ms < _items[i].To) return true;
        return false;
    }
}

/// <summary>
/// Forklift fl-07: controller telemetry at 2 Hz and the cab camera's driver monitor at 5 Hz. The truck drives and stops;
/// on breaks the driver unbuckles and leaves the seat; injected episodes of driving unbuckled (more than 5 s) and of
/// microsleep (eyes shut 2–3 s while moving) among normal blinks, yawns and detector noise.
/// </summary>
internal sealed class ForkliftScene(SimContext ctx, string sensorId, int salt)
{
    private sealed record Drive(long S, long E, long RampUp, long RampDown, double V, double Phi)
    {
        public long CruiseFrom => S + Math.Max(RampUp, 3_000) + 1_000;
        public long CruiseTo => E - RampDown - 1_000;
    }

    public IEnumerable<SimItem> Generate()
    {
        var plan = ctx.Rng(salt);
        var noise = ctx.Rng(salt + 50);
        var end = ctx.DurationMs;

        // Drive / stop phases; some stops are breaks where the driver gets off.
        var drives = new List<Drive>();
        var unbelted = new Intervals();   // belt open (truth)
        var offSeat = new Intervals();
        var ignitionOff = new Intervals();
        var t = plan.UniformMs(3, 10);
        while (t < end)
        {
            var len = plan.UniformMs(20, 60);
            var drive = new Drive(t, t + len, plan.UniformMs(1.5, 3), plan.UniformMs(1.5, 3), plan.Uniform(4, 8.5), plan.Uniform(0, 2 * Math.PI));
            drives.Add(drive);
            t = drive.E;
            if (plan.Chance(0.12))
            {
                var stop = plan.UniformMs(30, 90);
                var sloppy = plan.Chance(0.25);
                // Unbuckle, get off, come back, buckle up — a sloppy driver buckles up only after pulling away (1–2 s, not a hazard).
                var buckle = sloppy ? t + stop + plan.UniformMs(1, 2) : t + stop - 2_000;
                unbelted.Add(t + 1_000, buckle);
                offSeat.Add(t + 3_000, t + stop - 5_000);
                ignitionOff.Add(t + 4_000, t + stop - 6_000);
                t += stop;
            }
            else t += plan.UniformMs(5, 25);
        }

        // Injected episodes, placed in the cruise part of a drive.
        var beltEpisodes = new Intervals();
        var sleepEpisodes = new Intervals();
        var bypassEpisodes = new Intervals();
        var speedEpisodes = new Intervals();
        long? Place(long t0, long len)
        {
            foreach (var d in drives)
            {
                var a = Math.Max(t0, d.CruiseFrom);
                if (d.CruiseTo - a < len || a + len > end - SimContext.EndMarginMs) continue;
                if (beltEpisodes.Overlaps(a - 10_000, a + len + 10_000) || sleepEpisodes.Overlaps(a - 10_000, a + len + 10_000)
                    || bypassEpisodes.Overlaps(a - 10_000, a + len + 10_000) || speedEpisodes.Overlaps(a - 10_000, a + len + 10_000)
                    || unbelted.Overlaps(a - 3_000, a + len + 3_000)) continue;
                return a;
            }
            return null;
        }
        foreach (var t0 in ctx.Schedule(plan, ctx.HazardsPerHour, 60_000))
        {
            var len = plan.UniformMs(7, 15);
            if (Place(t0, len) is { } a) beltEpisodes.Add(a, a + len);
        }
        foreach (var t0 in ctx.Schedule(plan, ctx.HazardsPerHour, 60_000))
        {
            var len = plan.UniformMs(2, 3);
            if (Place(t0, len) is { } a) sleepEpisodes.Add(a, a + len);
        }
        // Belt buckled behind the back (the switch says fastened, the cab camera sees no belt), and speeding in the bay.
        foreach (var t0 in ctx.Schedule(plan, ctx.HazardsPerHour, 60_000))
        {
            var len = plan.UniformMs(8, 15);
            if (Place(t0, len) is { } a) { bypassEpisodes.Add(a, a + len); bypassEpisodes.Sort(); }
        }
        foreach (var t0 in ctx.Schedule(plan, ctx.HazardsPerHour, 60_000))
        {
            var len = plan.UniformMs(5, 10);
            if (Place(t0, len) is { } a) { speedEpisodes.Add(a, a + len); speedEpisodes.Sort(); }
        }
        var fastKmh = speedEpisodes.Items.Select(_ => plan.Uniform(12, 16)).ToList();
        beltEpisodes.Sort();
        sleepEpisodes.Sort();
        foreach (var e in beltEpisodes.Items) unbelted.Add(e.From, e.To);
        unbelted.Sort();

        // Drowsiness before a microsleep (heavy eyelids, a yawn), random yawns, and blinks every 2.5–6 s.
        var drowsy = new Intervals();
        var yawns = new Intervals();
        foreach (var e in sleepEpisodes.Items)
        {
            drowsy.Add(e.From - 20_000, e.From);
            var y = e.From - plan.UniformMs(8, 15);
            yawns.Add(y, y + plan.UniformMs(2, 3.5));
        }
        for (var y = plan.UniformMs(60, 240); y < end; y += plan.UniformMs(90, 300))
            if (!yawns.Overlaps(y - 5_000, y + 10_000)) yawns.Add(y, y + plan.UniformMs(2, 4));
        yawns.Sort();
        var blinks = new Intervals();
        for (var b = plan.UniformMs(1, 4); b < end; b += plan.UniformMs(2.5, 6))
            blinks.Add(b, b + plan.UniformMs(0.2, 0.3));

        var labels = new List<(long At, string Line)>();
        foreach (var e in beltEpisodes.Items)
            labels.Add((e.To, ctx.Label("seatbelt_unfastened", sensorId, null, e.From, e.From + 5_000, e.To)));
        foreach (var e in sleepEpisodes.Items)
            labels.Add((e.To, ctx.Label("driver_fatigue", sensorId, null, e.From, e.From + 1_500, e.To)));
        foreach (var e in bypassEpisodes.Items)
            labels.Add((e.To, ctx.Label("seatbelt_bypassed", sensorId, null, e.From, e.From + 5_000, e.To)));
        foreach (var e in speedEpisodes.Items)
            labels.Add((e.To, ctx.Label("overspeed", sensorId, null, e.From, null, e.To)));
        labels.Sort((a, b) => a.At.CompareTo(b.At));
        var nextLabel = 0;

        var driveCursor = 0;
        double Speed(long ms)
        {
            while (driveCursor < drives.Count && drives[driveCursor].E <= ms) driveCursor++;
            if (driveCursor >= drives.Count) return 0;
            var d = drives[driveCursor];
            if (ms < d.S) return 0;
            var v = d.V + 0.4 * Math.Sin(2 * Math.PI * (ms - d.S) / 7_000.0 + d.Phi);
            for (var i = 0; i < speedEpisodes.Items.Count; i++)
                if (ms >= speedEpisodes.Items[i].From && ms < speedEpisodes.Items[i].To) v = fastKmh[i];
            if (ms < d.S + d.RampUp) return v * (ms - d.S) / d.RampUp;
            if (ms > d.E - d.RampDown) return v * (d.E - ms) / d.RampDown;
            return v;
        }

        // Telemetry at 500 ms (+30), driver monitor at 200 ms (+70): a 100 ms tick keeps them in order.
        for (long tick = 0; ; tick++)
        {
            var baseMs = tick * 100;
            if (baseMs >= end) break;
            // A label is known once every reading up to its end has gone out.
            while (nextLabel < labels.Count && labels[nextLabel].At < baseMs)
                yield return new SimItem(baseMs, null, labels[nextLabel++].Line);
            if (tick % 5 == 0)
            {
                var ms = baseMs + 30;
                var v = Speed(ms);
                var kmh = v > 0.05 ? Math.Max(0.1, v + noise.Gaussian(0.15)) : 0;
                var belt = !unbelted.Contains(ms) && !noise.Chance(0.001);
                var seat = !offSeat.Contains(ms);
                var ignition = !ignitionOff.Contains(ms);
                var sb = ctx.Reading(ms, sensorId, 160);
                sb.Append("\"telemetry\":{\"kmh\":").Append(Json.F1(kmh))
                  .Append(",\"seatbelt\":").Append(Json.Bool(belt))
                  .Append(",\"seat\":").Append(Json.Bool(seat))
                  .Append(",\"ignition\":").Append(Json.Bool(ignition)).Append("}}");
                yield return new SimItem(ms, sb.ToString(), null);
            }
            if (tick % 2 == 0)
            {
                var ms = baseMs + 70;
                var seated = !offSeat.Contains(ms);
                var beltOpen = unbelted.Contains(ms) || bypassEpisodes.Contains(ms);
                var asleep = sleepEpisodes.Contains(ms);
                var blink = blinks.Contains(ms);
                var heavy = drowsy.Contains(ms);
                var yawn = yawns.Contains(ms);
                var sb = ctx.Reading(ms, sensorId, 160);
                if (!seated) sb.Append("\"driver\":{\"face\":false}}");
                else if (noise.Chance(0.015)) sb.Append("\"driver\":{\"face\":false,\"belt_visible\":").Append(Json.Bool(!beltOpen)).Append("}}");
                else
                {
                    var eye = asleep ? noise.Uniform(0, 0.08)
                        : blink ? noise.Uniform(0.02, 0.18)
                        : heavy ? Math.Clamp(0.62 + noise.Gaussian(0.05), 0.45, 0.8)
                        : Math.Clamp(0.88 + noise.Gaussian(0.05), 0.6, 1.0);
                    sb.Append("\"driver\":{\"face\":true,\"eye_open\":").Append(Json.F2(eye))
                      .Append(",\"yawn\":").Append(Json.Bool(yawn));
                    if (!noise.Chance(0.03)) sb.Append(",\"belt_visible\":").Append(Json.Bool(!beltOpen));
                    sb.Append("}}");
                }
                yield return new SimItem(ms, sb.ToString(), null);
            }
        }
        while (nextLabel < labels.Count)
            yield return new SimItem(end, null, labels[nextLabel++].Line);
    }
}
