using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Hosting;
using Vigil.Actors.Views;
using Vigil.Messages;
using Vigil.Node.Hosting;
using Vigil.Node.Ingest;

namespace Vigil.Node.Api;

/// <summary>The JSON API: zones, sensors, readings, alarms and their live stream.</summary>
public static class ApiEndpoints
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public static void MapVigilApi(this WebApplication app)
    {
        var api = app.MapGroup("/api");
        api.MapPost("/zones", PostZones);
        api.MapGet("/zones", (ReadModel m) => Results.Json(new JsonArray(m.Zones.OrderBy(z => z.ZoneId).Select(z => (JsonNode)ZoneJson(m, z)).ToArray()), Json.Options));
        api.MapGet("/zones/{id}", (string id, ReadModel m) => m.Zone(id) is { } z ? Results.Json(ZoneJson(m, z), Json.Options) : NotFound($"zone '{id}' is not registered"));
        api.MapDelete("/zones/{id}", DeleteZone);
        api.MapPost("/sensors", PostSensors);
        api.MapGet("/sensors", ListSensors);
        api.MapGet("/sensors/{id}", GetSensor);
        api.MapDelete("/sensors/{id}", DeleteSensor);
        api.MapPost("/readings", PostReadings);
        api.MapGet("/alarms", ListAlarms);
        api.MapGet("/alarms/stream", AlarmStream.Serve);
        api.MapGet("/alarms/{id}", GetAlarm);
        api.MapPost("/alarms/{id}/ack", (string id, HttpRequest r, IServiceProvider sp) => AlarmCommand(id, "ack", r, sp));
        api.MapPost("/alarms/{id}/dispatch", (string id, HttpRequest r, IServiceProvider sp) => AlarmCommand(id, "dispatch", r, sp));
        api.MapPost("/alarms/{id}/resolve", (string id, HttpRequest r, IServiceProvider sp) => AlarmCommand(id, "resolve", r, sp));
        api.MapGet("/stats", (IngestCounters c) => Results.Json(new { readings_accepted = c.Readings, rejected = c.Rejected }, Json.Options));
    }

    private static async Task<IResult> GetAlarm(string id, ReadModel m, IServiceProvider sp, CancellationToken ct)
    {
        // The view keeps open alarms and the newest resolved ones; an older one is read back from its zone's journal.
        var alarm = m.Alarm(id) ?? await AlarmHistory.FromJournalAsync(sp.GetRequiredService<ActorSystem>(), sp.GetRequiredService<NodeSettings>(), id, ct);
        return alarm is not null ? Results.Json(Json.Alarm(alarm), Json.Options) : NotFound($"alarm '{id}' does not exist");
    }

    private static JsonObject ZoneJson(ReadModel m, ZoneView z) =>
        Json.Zone(z, m.Sensors.Count(s => s.ZoneId == z.ZoneId && !s.Decommissioned), m.Alarms.Count(a => a.ZoneId == z.ZoneId && a.IsOpen));

    // ---------------- zones ----------------

    private static async Task<IResult> PostZones(HttpRequest request, IServiceProvider sp)
    {
        var (items, error) = await ParseAll<ZoneItem>(request, sp, "zone");
        if (error is not null)
            return error;
        var zones = sp.GetRequiredService<IRequiredActor<ZoneRegion>>().ActorRef;
        var model = sp.GetRequiredService<ReadModel>();
        var done = new JsonArray();
        var reconfigured = new JsonArray();
        var notReconfigured = new JsonArray();
        foreach (var z in items!)
        {
            var before = model.Zone(z.ZoneId);
            var reply = await zones.Ask<object>(new ConfigureZone(z.ZoneId, z.Config), AskTimeout);
            if (reply is Rejected r)
                return FromRejected(r);
            // Write through with the zone's own stamp, so a late event from the journal cannot undo it (a zone on a node
            // older than the stamp gives none: the view then learns of it a moment later).
            if (reply is Accepted { At: { } at })
                model.Upsert(new ZoneView(z.ZoneId, z.Config, at));
            done.Add(z.ZoneId);
            // Every post, not only a changed one: a sensor that missed an earlier push (registered meanwhile on another
            // node, or the request was cut short) catches up; one that already has this context changes nothing.
            if (before is not null)
            {
                var changed = ZoneContext.Of(before.Config) != ZoneContext.Of(z.Config);
                await PushZoneContext(sp, model, z.ZoneId, ZoneContext.Of(z.Config), changed ? reconfigured : null, changed ? notReconfigured : null);
            }
        }
        var body = new JsonObject { ["registered"] = done };
        if (reconfigured.Count > 0 || notReconfigured.Count > 0)
        {
            body["sensors_reconfigured"] = reconfigured;
            body["sensors_not_reconfigured"] = notReconfigured;
        }
        return Results.Json(body, Json.Options, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>
    /// Hand a zone's kind and speed limit to each of its sensors in service (<see cref="UpdateZoneContext"/>: the sensor
    /// keeps its own configuration, health and capture, and makes its engine again with the new context; an equal
    /// context changes nothing). Sixteen at a time. The answers are listed only when the zone's values changed. The
    /// sensors come from this node's view: one registered on another node a moment ago may not be in it yet, and gets
    /// the context with the zone's next post.
    /// A sensor that refuses (decommissioned meanwhile, moved to another zone) is listed with its reason; the zone's
    /// own change stands either way.
    /// </summary>
    private static async Task PushZoneContext(IServiceProvider sp, ReadModel model, string zoneId, ZoneContext context, JsonArray? reconfigured, JsonArray? notReconfigured)
    {
        var sensors = sp.GetRequiredService<IRequiredActor<SensorRegion>>().ActorRef;
        var targets = model.Sensors.Where(s => s.ZoneId == zoneId && !s.Decommissioned).Select(s => s.SensorId).ToList();
        var results = new System.Collections.Concurrent.ConcurrentBag<(string Id, object Reply)>();
        await Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
        {
            object reply;
            try
            {
                reply = await sensors.Ask<object>(new UpdateZoneContext(id, zoneId, context), AskTimeout);
            }
            catch (AskTimeoutException)
            {
                reply = new Rejected(id, Rejected.Invalid, $"no answer within {AskTimeout.TotalSeconds:0} s");
            }
            results.Add((id, reply));
        });
        foreach (var (id, reply) in results.OrderBy(r => r.Id, StringComparer.Ordinal))
            if (reply is Rejected no)
                notReconfigured?.Add(new JsonObject { ["sensor"] = id, ["error"] = no.Reason });
            else
                reconfigured?.Add(id); // the view learns the sensor's new registration from the journal
    }

    private static async Task<IResult> DeleteZone(string id, HttpRequest request, IServiceProvider sp)
    {
        var model = sp.GetRequiredService<ReadModel>();
        if (model.Zone(id) is null)
            return NotFound($"zone '{id}' is not registered");
        var sensors = model.Sensors.Count(s => s.ZoneId == id && !s.Decommissioned);
        if (sensors > 0)
            return Conflict($"zone '{id}' still has {sensors} sensors; decommission them first");
        var reply = await sp.GetRequiredService<IRequiredActor<ZoneRegion>>().ActorRef.Ask<object>(new DecommissionZone(id, request.Query["by"]), AskTimeout);
        if (reply is Rejected r)
            return FromRejected(r);
        if (reply is Accepted { At: { } at })
            model.RemoveZone(id, at);
        return Results.Json(new { decommissioned = id }, Json.Options);
    }

    // ---------------- sensors ----------------

    private static async Task<IResult> PostSensors(HttpRequest request, IServiceProvider sp)
    {
        var (items, error) = await ParseAll<SensorItem>(request, sp, "sensor");
        if (error is not null)
            return error;
        var model = sp.GetRequiredService<ReadModel>();
        var counters = sp.GetRequiredService<IngestCounters>();
        foreach (var s in items!)
            if (model.Zone(s.ZoneId) is null)
            {
                counters.Reject("unknown_zone");
                return Results.Json(Json.Error($"sensor '{s.SensorId}': zone '{s.ZoneId}' is not registered; POST it to /api/zones first", Rejected.NotFound), Json.Options, statusCode: StatusCodes.Status422UnprocessableEntity);
            }
        var sensors = sp.GetRequiredService<IRequiredActor<SensorRegion>>().ActorRef;
        var done = new JsonArray();
        foreach (var s in items)
        {
            var zone = model.Zone(s.ZoneId)!;
            var reply = await sensors.Ask<object>(new RegisterSensor(s.SensorId, s.Kind, s.ZoneId, s.Config, ZoneContext.Of(zone.Config)), AskTimeout);
            if (reply is Rejected r)
                return FromRejected(r);
            // Write through with the sensor's own stamp, so a late event on a topic or from the journal cannot undo it
            // (a sensor on a node older than the stamp gives none: the view then learns of it a moment later).
            if (reply is Accepted { At: { } at })
                model.Apply(new SensorRegistration(s.SensorId, s.Kind, s.ZoneId, s.Config, false, at, at));
            done.Add(s.SensorId);
        }
        return Results.Json(new JsonObject { ["registered"] = done }, Json.Options, statusCode: StatusCodes.Status201Created);
    }

    private static IResult ListSensors(HttpRequest request, ReadModel model)
    {
        string? zone = request.Query["zone"], kind = request.Query["kind"], health = request.Query["health"];
        var all = request.Query["all"] == "true";
        var list = model.Sensors
            .Where(s => all || !s.Decommissioned)
            .Where(s => zone is null || s.ZoneId == zone)
            .Where(s => kind is null || s.Kind == kind)
            .Where(s => health is null || s.Health == health)
            .OrderBy(s => s.SensorId, StringComparer.Ordinal)
            .Select(s => (JsonNode)Json.Sensor(s));
        return Results.Json(new JsonArray(list.ToArray()), Json.Options);
    }

    private static async Task<IResult> GetSensor(string id, IServiceProvider sp)
    {
        var model = sp.GetRequiredService<ReadModel>();
        if (model.Sensor(id) is not { } view)
            return NotFound($"sensor '{id}' is not registered");
        var o = Json.Sensor(view);
        // The entity is the authority on counters and health; the view may trail it by a moment.
        var info = await sp.GetRequiredService<IRequiredActor<SensorRegion>>().ActorRef.Ask<SensorInfo>(new GetSensor(id), AskTimeout);
        o["health"] = info.Health;
        o["last_reading_at"] = info.LastReadingAt is { } t ? Json.Time(t) : null;
        o["readings"] = info.Readings;
        o["rejected"] = info.Rejected;
        o["hazards"] = info.Hazards;
        o["uptime_pct"] = info.UptimePct;
        return Results.Json(o, Json.Options);
    }

    private static async Task<IResult> DeleteSensor(string id, HttpRequest request, IServiceProvider sp)
    {
        var model = sp.GetRequiredService<ReadModel>();
        if (model.Sensor(id) is not { Decommissioned: false })
            return NotFound($"sensor '{id}' is not registered");
        var reply = await sp.GetRequiredService<IRequiredActor<SensorRegion>>().ActorRef.Ask<object>(new DecommissionSensor(id, request.Query["by"]), AskTimeout);
        if (reply is Rejected r)
            return FromRejected(r);
        if (reply is Accepted { At: { } at })
            model.Decommission(id, at);
        return Results.Json(new { decommissioned = id }, Json.Options);
    }

    // ---------------- readings ----------------

    private static async Task<IResult> PostReadings(HttpRequest request, IServiceProvider sp)
    {
        var settings = sp.GetRequiredService<NodeSettings>();
        var counters = sp.GetRequiredService<IngestCounters>();
        var (doc, bodyError) = await RequestBody.ReadAsync(request, settings.MaxBodyBytes, counters);
        if (bodyError is not null)
            return bodyError;
        using var _ = doc;
        if (RequestBody.Items(doc!) is not { } elements)
        {
            counters.Reject("invalid");
            return Results.BadRequest(Json.Error("the body must be a reading object or an array of them", Rejected.Invalid));
        }
        var model = sp.GetRequiredService<ReadModel>();
        var sensors = sp.GetRequiredService<IRequiredActor<SensorRegion>>().ActorRef;
        var rejected = new JsonArray();
        var codes = new HashSet<int>();
        var accepted = 0;
        for (var i = 0; i < elements.Count; i++)
        {
            var (status, reason, message) = CheckOne(elements[i], model, sensors);
            if (status != 0)
            {
                counters.Reject(reason);
                codes.Add(status);
                rejected.Add(new JsonObject { ["index"] = i, ["error"] = message, ["code"] = reason });
                continue;
            }
            accepted++;
        }
        // Valid readings of a batch go through even when others are refused; the answer lists each refusal.
        counters.Accepted(accepted);
        if (rejected.Count == 0)
            return Results.Json(new JsonObject { ["accepted"] = accepted }, Json.Options, statusCode: StatusCodes.Status202Accepted);
        var code = codes.Count == 1 ? codes.First() : StatusCodes.Status400BadRequest;
        return Results.Json(new JsonObject
        {
            ["error"] = rejected.Count == 1 ? rejected[0]!["error"]!.GetValue<string>() : $"{rejected.Count} of {elements.Count} readings were refused",
            ["accepted"] = accepted,
            ["rejected"] = rejected,
        }, Json.Options, statusCode: code);

        (int, string, string) CheckOne(JsonElement element, ReadModel m, IActorRef region)
        {
            var o = ReadingGate.Check(element, m, region, "http");
            return (o.Status, o.Reason, o.Message);
        }
    }

    // ---------------- alarms ----------------

    private static IResult ListAlarms(HttpRequest request, ReadModel model)
    {
        string? zone = request.Query["zone"], state = request.Query["state"];
        if (state is not null && state != "open" && !AlarmStates.All.Contains(state))
            return Results.BadRequest(Json.Error($"state '{state}' is not one of open, {string.Join(", ", AlarmStates.All)}", Rejected.Invalid));
        var limit = int.TryParse(request.Query["limit"], out var l) && l > 0 ? Math.Min(l, 10_000) : 500;
        var list = model.Alarms
            .Where(a => zone is null || a.ZoneId == zone)
            .Where(a => state is null || (state == "open" ? a.IsOpen : a.State == state))
            .OrderByDescending(a => a.RaisedWallAt).ThenByDescending(a => a.Id, StringComparer.Ordinal)
            .Take(limit)
            .Select(a => (JsonNode)Json.Alarm(a, withTimeline: false));
        return Results.Json(new JsonArray(list.ToArray()), Json.Options);
    }

    private static async Task<IResult> AlarmCommand(string id, string verb, HttpRequest request, IServiceProvider sp)
    {
        var model = sp.GetRequiredService<ReadModel>();
        var counters = sp.GetRequiredService<IngestCounters>();
        var (doc, bodyError) = await RequestBody.ReadAsync(request, 64 * 1024, counters);
        if (bodyError is not null)
            return bodyError;
        using var _ = doc;
        var body = doc!.RootElement;
        if (body.ValueKind != JsonValueKind.Object)
            return Results.BadRequest(Json.Error("the body must be an object like {\"by\": \"name\", \"note\": \"...\"}", Rejected.Invalid));
        string? Field(string name) => body.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : "\u0000" : null;
        var (by, patrol, note) = (Field("by"), Field("patrol"), Field("note"));
        by = Auth.AuthMiddleware.ActingName(request.HttpContext, by);
        if (by == "\u0000" || patrol == "\u0000" || note == "\u0000")
            return Results.BadRequest(Json.Error("'by', 'patrol' and 'note' must be strings", Rejected.Invalid));
        if (string.IsNullOrWhiteSpace(by) || by.Length > 100)
            return Results.BadRequest(Json.Error("'by' (who is acting, 1-100 characters) is required", Rejected.Invalid));
        if (note is { Length: > 4000 })
            return Results.BadRequest(Json.Error("'note' is longer than 4000 characters", Rejected.Invalid));
        if (verb == "dispatch" && (string.IsNullOrWhiteSpace(patrol) || patrol.Length > 100))
            return Results.BadRequest(Json.Error("'patrol' (1-100 characters) is required to dispatch", Rejected.Invalid));
        // Only alarms the view knows are addressed: a made-up id never starts (and so never persists) a zone entity.
        if (!Ids.TryZoneOfAlarm(id, out var zoneId) || model.Alarm(id) is null)
            return NotFound($"alarm '{id}' does not exist");
        if (model.Alarm(id) is { State: AlarmStates.Resolved })
            return Conflict($"alarm '{id}' is already resolved");

        object command = verb switch
        {
            "ack" => new AcknowledgeAlarm(zoneId, id, by, note),
            "dispatch" => new DispatchPatrol(zoneId, id, by, patrol!, note),
            _ => new ResolveAlarm(zoneId, id, by, note),
        };
        var reply = await sp.GetRequiredService<IRequiredActor<ZoneRegion>>().ActorRef.Ask<object>(command, AskTimeout);
        switch (reply)
        {
            case AlarmCommandAccepted ok:
                model.Upsert(ok.Alarm, ok.Alarm.Timeline[^1].Action, null);
                return Results.Json(Json.Alarm(ok.Alarm), Json.Options);
            case Rejected r:
                return FromRejected(r);
            default:
                return Results.Problem($"unexpected answer {reply.GetType().Name}");
        }
    }

    // ---------------- helpers ----------------

    private static async Task<(IReadOnlyList<T>? Items, IResult? Error)> ParseAll<T>(HttpRequest request, IServiceProvider sp, string type) where T : ScenarioItem
    {
        var settings = sp.GetRequiredService<NodeSettings>();
        var counters = sp.GetRequiredService<IngestCounters>();
        var (doc, bodyError) = await RequestBody.ReadAsync(request, settings.MaxBodyBytes, counters);
        if (bodyError is not null)
            return (null, bodyError);
        using var _ = doc;
        if (RequestBody.Items(doc!) is not { Count: > 0 } elements)
        {
            counters.Reject("invalid");
            return (null, Results.BadRequest(Json.Error($"the body must be a {type} object or a non-empty array of them", Rejected.Invalid)));
        }
        var items = new List<T>();
        for (var i = 0; i < elements.Count; i++)
        {
            if (!ScenarioParser.TryParse(elements[i], type, out var item, out var error) || item is not T typed)
            {
                counters.Reject("invalid");
                var prefix = elements.Count > 1 ? $"item {i}: " : "";
                return (null, Results.BadRequest(Json.Error(prefix + (error?.Message ?? $"not a {type}"), Rejected.Invalid)));
            }
            items.Add(typed);
        }
        return (items, null);
    }

    private static IResult NotFound(string message) =>
        Results.Json(Json.Error(message, Rejected.NotFound), Json.Options, statusCode: StatusCodes.Status404NotFound);

    private static IResult Conflict(string message) =>
        Results.Json(Json.Error(message, Rejected.Conflict), Json.Options, statusCode: StatusCodes.Status409Conflict);

    private static IResult FromRejected(Rejected r) => r.Code switch
    {
        Rejected.NotFound => NotFound(r.Reason),
        Rejected.Conflict => Conflict(r.Reason),
        _ => Results.Json(Json.Error(r.Reason, r.Code), Json.Options, statusCode: StatusCodes.Status400BadRequest),
    };
}
