using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Vigil.Actors.Views;
using Vigil.Node.Api;

namespace Vigil.Node.OperatorConsole;

/// <summary>The read APIs only the console needs: trends over a period (JSON and CSV) and device uptime.</summary>
public static class ConsoleApi
{
    private static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(400);

    public static void MapConsoleApi(this WebApplication app)
    {
        app.MapGet("/api/trends", (HttpRequest r, TrendsTable t, UptimeTable u, ReadModel m) =>
            Period(r, out var from, out var to, out var offset, out var error)
                ? Results.Json(TrendsJson(t.Query(from, to, offset), Uptime(u, m)), Json.Options)
                : error!);
        app.MapGet("/api/trends.csv", (HttpRequest r, TrendsTable t, UptimeTable u, ReadModel m) =>
            Period(r, out var from, out var to, out var offset, out var error)
                ? Results.File(Encoding.UTF8.GetBytes(Csv(t.Query(from, to, offset), Uptime(u, m))), "text/csv; charset=utf-8", $"vigil-trends-{from:yyyyMMddHH}-{to:yyyyMMddHH}.csv")
                : error!);
        app.MapGet("/api/uptime", (UptimeTable u, ReadModel m) => Results.Json(new JsonArray(Uptime(u, m).Select(x => (JsonNode)new JsonObject
        {
            ["sensor"] = x.Sensor, ["zone"] = x.Zone, ["kind"] = x.Kind, ["uptime_pct"] = x.Percent is { } p ? Math.Round(p, 2) : null, ["observed_s"] = Math.Round(x.ObservedS),
        }).ToArray()), Json.Options));
    }

    private sealed record UptimeRow(string Sensor, string Zone, string Kind, double? Percent, double ObservedS);

    private static List<UptimeRow> Uptime(UptimeTable u, ReadModel m)
    {
        var now = DateTimeOffset.UtcNow;
        return m.Sensors.Where(s => !s.Decommissioned).OrderBy(s => s.SensorId, StringComparer.Ordinal)
            .Select(s =>
            {
                var (pct, observed) = u.Uptime(s.SensorId, now);
                return new UptimeRow(s.SensorId, s.ZoneId, s.Kind, pct, observed);
            }).ToList();
    }

    /// <summary>from/to are ISO-8601 (default: the last 24 hours); tz is the browser's offset from UTC in minutes east.</summary>
    private static bool Period(HttpRequest r, out DateTimeOffset from, out DateTimeOffset to, out TimeSpan offset, out IResult? error)
    {
        error = null;
        offset = TimeSpan.Zero;
        to = DateTimeOffset.UtcNow;
        from = to.AddDays(-1);
        string? f = r.Query["from"], t = r.Query["to"], tz = r.Query["tz"];
        if (t is { Length: > 0 } && !DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out to))
            error = Bad($"'to' ({t}) is not an ISO-8601 time");
        else if (f is { Length: > 0 } && !DateTimeOffset.TryParse(f, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out from))
            error = Bad($"'from' ({f}) is not an ISO-8601 time");
        else if (f is not { Length: > 0 })
            from = to.AddDays(-1);
        if (error is null && from >= to)
            error = Bad("'from' must be before 'to'");
        else if (error is null && to - from > MaxPeriod)
            error = Bad($"the period may span at most {MaxPeriod.TotalDays:0} days");
        else if (tz is { Length: > 0 })
        {
            if (int.TryParse(tz, out var minutes) && minutes is >= -14 * 60 and <= 14 * 60)
                offset = TimeSpan.FromMinutes(minutes);
            else
                error = Bad($"'tz' ({tz}) must be minutes east of UTC, -840..840");
        }
        return error is null;
    }

    private static IResult Bad(string message) => Results.Json(Json.Error(message, "invalid"), Json.Options, statusCode: StatusCodes.Status400BadRequest);

    private static JsonObject TrendsJson(TrendsReport t, List<UptimeRow> uptime)
    {
        static JsonObject Map(IReadOnlyDictionary<string, int> d) => new(d.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        return new JsonObject
        {
            ["from"] = Json.Time(t.From),
            ["to"] = Json.Time(t.To),
            ["alarms"] = t.Alarms,
            ["hazards"] = t.Hazards,
            ["by_type"] = Map(t.ByType),
            ["by_zone"] = Map(t.ByZone),
            ["by_hour"] = new JsonArray(t.ByHourOfDay.Select(n => (JsonNode)n).ToArray()),
            ["acknowledged"] = t.Acknowledged,
            ["mtta_s"] = t.MeanTimeToAcknowledgeS is { } a ? Math.Round(a, 1) : null,
            ["resolved"] = t.Resolved,
            ["mttr_s"] = t.MeanTimeToResolveS is { } s ? Math.Round(s, 1) : null,
            ["top_plates"] = new JsonArray(t.TopPlates.Select(p => (JsonNode)new JsonObject { ["plate"] = p.Plate, ["count"] = p.Count, ["max_kmh"] = Math.Round(p.MaxKmh, 1) }).ToArray()),
            ["top_forklifts"] = new JsonArray(t.TopForklifts.Select(f => (JsonNode)new JsonObject { ["forklift"] = f.Forklift, ["seatbelt"] = f.Seatbelt, ["fatigue"] = f.Fatigue }).ToArray()),
            ["uptime"] = new JsonArray(uptime.Select(u => (JsonNode)new JsonObject { ["sensor"] = u.Sensor, ["kind"] = u.Kind, ["uptime_pct"] = u.Percent is { } p ? Math.Round(p, 2) : null }).ToArray()),
        };
    }

    private static string Csv(TrendsReport t, List<UptimeRow> uptime)
    {
        var sb = new StringBuilder("section,key,value,extra\n");
        void Row(string section, string key, object? value, object? extra = null) =>
            sb.Append(Cell(section)).Append(',').Append(Cell(key)).Append(',').Append(Cell(Convert.ToString(value, CultureInfo.InvariantCulture)))
              .Append(',').Append(Cell(Convert.ToString(extra, CultureInfo.InvariantCulture))).Append('\n');
        Row("period", "from", Json.Time(t.From));
        Row("period", "to", Json.Time(t.To));
        Row("totals", "alarms", t.Alarms);
        Row("totals", "hazards", t.Hazards);
        Row("totals", "mtta_s", t.MeanTimeToAcknowledgeS is { } a ? Math.Round(a, 1) : null, t.Acknowledged);
        Row("totals", "mttr_s", t.MeanTimeToResolveS is { } s ? Math.Round(s, 1) : null, t.Resolved);
        foreach (var (k, v) in t.ByType) Row("by_type", k, v);
        foreach (var (k, v) in t.ByZone) Row("by_zone", k, v);
        for (var h = 0; h < 24; h++) Row("by_hour", h.ToString("00", CultureInfo.InvariantCulture), t.ByHourOfDay[h]);
        foreach (var p in t.TopPlates) Row("top_plates", p.Plate, p.Count, Math.Round(p.MaxKmh, 1));
        foreach (var f in t.TopForklifts) Row("top_forklifts", f.Forklift, f.Seatbelt, f.Fatigue);
        foreach (var u in uptime) Row("uptime_pct", u.Sensor, u.Percent is { } p ? Math.Round(p, 2) : null);
        return sb.ToString();
    }

    /// <summary>RFC 4180 quoting, and a leading quote on anything a spreadsheet would run as a formula.</summary>
    private static string Cell(string? s)
    {
        if (string.IsNullOrEmpty(s))
            return "";
        if (s[0] is '=' or '+' or '-' or '@' && !double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            s = "'" + s;
        return s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
    }
}
