namespace Vigil.Node.Simulation;

/// <summary>
/// A 16×12 radiometric imager over a scrap pit at 1 Hz: a warm, slowly drifting background (20–45 °C) with pixel noise,
/// single-pixel 300 °C glitches, and injected smouldering hot spots that rise past 80 °C over about two minutes,
/// flare, and are put out.
/// </summary>
internal sealed class ThermalScene(SimContext ctx, string sensorId, int salt)
{
    public const int W = 16, H = 12;
    public const double AlarmC = 80;

    private sealed class HotSpot
    {
        public long Start;      // begins to warm (label from)
        public double Cx, Cy;
        public double Bg0;      // true temperature of the centre when it begins
        public double RiseS;    // seconds until it crosses 80 °C (label onset)
        public double FlareS;   // seconds from 80 °C to the peak
        public double Peak;
        public double HoldS;
        public double CoolS;    // seconds from the peak down to 60 °C (suppression)
        public long Onset => Start + (long)Math.Round(RiseS * 1000);
        public double CoolStartS => RiseS + FlareS + HoldS;
        /// <summary>When the true maximum falls back below 80 °C (label to).</summary>
        public long Below => Start + (long)Math.Round((CoolStartS + CoolS * (Peak - AlarmC) / (Peak - 60)) * 1000);
        public long End => Start + (long)Math.Round((CoolStartS + CoolS + 90) * 1000);

        /// <summary>True temperature at the centre, s seconds after the start.</summary>
        public double Temp(double s, double bgNow)
        {
            if (s < RiseS) return Bg0 + (AlarmC - Bg0) * Math.Pow(s / RiseS, 1.3);
            s -= RiseS;
            if (s < FlareS) return AlarmC + (Peak - AlarmC) * s / FlareS;
            s -= FlareS;
            if (s < HoldS) return Peak;
            s -= HoldS;
            if (s < CoolS) return Peak + (60 - Peak) * s / CoolS;
            s -= CoolS;
            return bgNow + (60 - bgNow) * Math.Exp(-s / 15);
        }
    }

    private static double Base(int x, int y) =>
        22 + 6.0 * x / (W - 1) + 4.0 * y / (H - 1)
        + 9 * Math.Exp(-((x - 4) * (x - 4) + (y - 3) * (y - 3)) / 6.0)
        + 7 * Math.Exp(-((x - 12) * (x - 12) + (y - 8) * (y - 8)) / 5.0);

    public IEnumerable<SimItem> Generate()
    {
        var plan = ctx.Rng(salt);
        var noise = ctx.Rng(salt + 50);
        var phase = plan.Uniform(0, 2 * Math.PI);
        double Drift(long ms) => 2 * Math.Sin(2 * Math.PI * ms / 1_800_000.0 + phase);

        var spots = new List<HotSpot>();
        (double X, double Y) prev = (-100, -100);
        foreach (var t in ctx.Schedule(plan, ctx.HazardsPerHour, 240_000))
        {
            double cx, cy;
            do
            {
                cx = plan.Next(2, W - 2);
                cy = plan.Next(2, H - 2);
            } while ((cx - prev.X) * (cx - prev.X) + (cy - prev.Y) * (cy - prev.Y) < 25);
            prev = (cx, cy);
            spots.Add(new HotSpot
            {
                Start = t, Cx = cx, Cy = cy,
                Bg0 = Math.Clamp(Base((int)cx, (int)cy) + Drift(t), 20, 45),
                RiseS = plan.Uniform(100, 140),
                FlareS = plan.Uniform(15, 35),
                Peak = plan.Uniform(110, 220),
                HoldS = plan.Uniform(10, 30),
                CoolS = plan.Uniform(20, 30),
            });
        }

        var bg = new double[W * H];
        for (var y = 0; y < H; y++)
            for (var x = 0; x < W; x++) bg[y * W + x] = Base(x, y);

        var pending = new List<HotSpot>(spots);
        var frame = new double[W * H];
        for (long k = 0; ; k++)
        {
            var ms = k * 1_000 + 250 + noise.Next(0, 4);
            if (ms >= ctx.DurationMs) break;
            var drift = Drift(ms);
            for (var i = 0; i < frame.Length; i++) frame[i] = Math.Clamp(bg[i] + drift, 20, 45);

            foreach (var s in spots)
            {
                if (ms < s.Start || ms > s.End) continue;
                var sec = (ms - s.Start) / 1000.0;
                var centreBg = Math.Clamp(bg[(int)s.Cy * W + (int)s.Cx] + drift, 20, 45);
                var excess = s.Temp(sec, centreBg) - centreBg;
                if (excess <= 0) continue;
                for (var y = Math.Max(0, (int)s.Cy - 3); y <= Math.Min(H - 1, (int)s.Cy + 3); y++)
                    for (var x = Math.Max(0, (int)s.Cx - 3); x <= Math.Min(W - 1, (int)s.Cx + 3); x++)
                    {
                        var d2 = (x - s.Cx) * (x - s.Cx) + (y - s.Cy) * (y - s.Cy);
                        frame[y * W + x] += excess * Math.Exp(-d2 / (2 * 1.1 * 1.1));
                    }
            }

            // A gearbox housing in the top-right corner runs at 70–77 °C all day: hot, but below the alarm.
            var housing = 73.5 + 3.5 * Math.Sin(2 * Math.PI * ms / 600_000.0 + phase);
            frame[W - 2] = frame[W - 1] = frame[2 * W - 2] = frame[2 * W - 1] = housing;
            for (var i = 0; i < frame.Length; i++) frame[i] += noise.Gaussian(0.35);
            if (noise.Chance(0.004)) frame[noise.Next(frame.Length)] = 300; // a dead/hot pixel for one frame

            var sb = ctx.Reading(ms, sensorId, 1200);
            sb.Append("\"thermal\":{\"w\":").Append(W).Append(",\"h\":").Append(H).Append(",\"c\":[");
            for (var i = 0; i < frame.Length; i++)
            {
                if (i > 0) sb.Append(',');
                sb.Append(Json.F1(frame[i]));
            }
            sb.Append("]}}");
            yield return new SimItem(ms, sb.ToString(), null);

            for (var i = 0; i < pending.Count; i++)
            {
                var s = pending[i];
                if (ms < s.Below) continue;
                yield return new SimItem(ms, null, ctx.Label("hot_spot", sensorId, null, s.Start, s.Onset, s.Below));
                pending.RemoveAt(i--);
            }
        }
    }
}
