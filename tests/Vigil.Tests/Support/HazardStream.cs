using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Vigil.Tests.Support;

/// <summary>
/// A load generator for cluster tests: every 100 ms, a new no-helmet track on each of the next few cameras (ten by default) (five frames over 0.8 s, as a
/// camera at 5 fps sees a worker walk by), posted through one node's API. Each track confirms exactly one hazard (three
/// bare-head frames confirm it), so each must end as exactly one alarm. Five frames, not three: when a sensor is handed
/// to another node between two frames of a track, its fusion window starts again there, and a real camera keeps
/// sending frames, so the new node still sees three.
/// </summary>
/// <param name="camerasPerRound">how many cameras get a new track each round (every 100 ms): ten is 100 hazards a second</param>
public sealed class HazardStream(int camerasPerRound = 10)
{
    public sealed record Posted(string Camera, string Track, DateTime At);

    private readonly List<Posted> _posted = [];
    private int _failedPosts;

    /// <summary>Rounds the node did not take (connection refused, 5xx): a measure of how well the cluster kept serving.</summary>
    public int FailedPosts => Volatile.Read(ref _failedPosts);

    public IReadOnlyList<Posted> Snapshot()
    {
        lock (_posted)
            return _posted.ToList();
    }

    public int Count
    {
        get
        {
            lock (_posted)
                return _posted.Count;
        }
    }

    public async Task Run(Func<HttpClient> http, IReadOnlyList<string> cameras, CancellationToken ct)
    {
        var round = 0;
        while (!ct.IsCancellationRequested)
        {
            var t0 = DateTimeOffset.UtcNow;
            var batch = new StringBuilder("[");
            var tracks = new List<Posted>();
            for (var c = 0; c < camerasPerRound; c++)
            {
                var camera = cameras[(round * camerasPerRound + c) % cameras.Count];
                var track = $"r{round}";
                for (var f = 0; f < 5; f++)
                {
                    if (batch.Length > 1) batch.Append(',');
                    batch.Append($$$"""{"t":"{{{t0.AddMilliseconds(200 * f).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}}}","sensor":"{{{camera}}}","detections":[{"cls":"person","box":[800,100,90,240],"conf":0.9,"track":"{{{track}}}","helmet":false}]}""");
                }
                tracks.Add(new Posted(camera, track, DateTime.UtcNow));
            }
            batch.Append(']');
            try
            {
                using var r = await http().PostAsync("/api/readings", new StringContent(batch.ToString(), Encoding.UTF8, "application/json"), ct);
                if (r.StatusCode == HttpStatusCode.Accepted)
                    lock (_posted)
                        _posted.AddRange(tracks);
                else
                    Interlocked.Increment(ref _failedPosts);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // the node could not take this round; its tracks are not counted as posted
                if (!ct.IsCancellationRequested)
                    Interlocked.Increment(ref _failedPosts);
            }
            round++;
            try
            {
                await Task.Delay(100, ct); // the generator's pace, not a wait for a condition
            }
            catch (TaskCanceledException)
            {
            }
        }
    }

    /// <summary>How many alarms hold each (sensor, subject), over every alarm the node lists.</summary>
    /// <remarks>Zone by zone: the API lists at most 10,000 alarms per call, and a long run raises more than that.</remarks>
    public static async Task<Dictionary<(string Sensor, string Subject), int>> AlarmsPerSubject(HttpClient http)
    {
        var zones = (await http.GetFromJsonAsync<JsonArray>("/api/zones"))!.Select(z => (string)z!["id"]!).ToList();
        var alarms = new List<JsonNode>();
        foreach (var zone in zones)
        {
            var page = (await http.GetFromJsonAsync<JsonArray>($"/api/alarms?zone={Uri.EscapeDataString(zone)}&limit=10000"))!;
            if (page.Count >= 10_000)
                throw new InvalidOperationException($"zone {zone} has 10,000 alarms or more: the count would be cut off");
            alarms.AddRange(page.Select(a => a!));
        }
        return alarms
            .SelectMany(a => a["hazards"]!.AsArray().Select(h => ((string)h!["sensor"]!, (string?)h["subject"] ?? "")).Distinct())
            .GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>For a failure message: how many posted tracks have no alarm, and the first of them with when they were posted.</summary>
    public static string DescribeMissing(IReadOnlyList<Posted> posted, Dictionary<(string Sensor, string Subject), int> counts)
    {
        var missing = posted.Where(p => !counts.ContainsKey((p.Camera, p.Track))).ToList();
        return $"{missing.Count} of {posted.Count} posted tracks have no alarm: " +
            string.Join(", ", missing.Take(20).Select(p => $"{p.Camera}/{p.Track} posted {p.At:HH:mm:ss.fff}"));
    }
}
