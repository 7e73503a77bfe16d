using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Tests.Support;
using Xunit;

namespace Vigil.Tests.Vision;

/// <summary>A camera pointed at a video file through a real node: detections, tracks, intrusion alarms with evidence.</summary>
public sealed class VideoCameraNodeTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-vision-").FullName;
    private TestNode? _node;

    public async Task InitializeAsync()
    {
        if (Assets.Available)
            _node = await TestNode.StartAsync(_dir);
    }

    public async Task DisposeAsync()
    {
        if (_node is not null)
            await _node.DisposeAsync();
        Directory.Delete(_dir, true);
    }

    [AssetFact]
    public async Task Walkway_video_raises_zone_intrusion_with_an_evidence_jpeg()
    {
        var node = _node!;
        Assert.True((await node.PostJson("/api/zones", """{"id":"plaza","kind":"production"}""")).IsSuccessStatusCode);
        var camera = new JsonObject
        {
            ["id"] = "cam-walk", ["kind"] = "camera", ["zone"] = "plaza",
            ["config"] = new JsonObject
            {
                ["source"] = Assets.Media("vtest_240f_xvid.avi"),
                ["rules"] = new JsonArray("intrusion"),
                ["danger_zones"] = JsonNode.Parse("[[[0,330],[768,330],[768,576],[0,576]]]"),
            },
        };
        var reg = await node.PostJson("/api/sensors", camera.ToJsonString());
        Assert.True(reg.IsSuccessStatusCode, await reg.Content.ReadAsStringAsync());

        JsonNode? alarm = null;
        await Eventually.Until(async () =>
        {
            var alarms = (await node.GetJson("/api/alarms?zone=plaza")).AsArray();
            alarm = alarms.FirstOrDefault(a => a!["hazards"]!.AsArray().Any(h => (string)h!["hazard"]! == "zone_intrusion" && h["evidence"] is not null));
            return alarm is not null;
        }, TimeSpan.FromSeconds(60), "a zone_intrusion alarm from the video");

        var hazard = alarm!["hazards"]!.AsArray().First(h => h!["evidence"] is not null)!;
        Assert.False(string.IsNullOrEmpty((string?)hazard["subject"]), "the intrusion names the person's track");
        var url = (string)hazard["evidence"]!;
        byte[]? jpeg = null;
        await Eventually.Until(async () =>
        {
            using var r = await node.Http.GetAsync(url);
            if (r.StatusCode != HttpStatusCode.OK)
                return false;
            Assert.Equal("image/jpeg", r.Content.Headers.ContentType!.MediaType);
            jpeg = await r.Content.ReadAsByteArrayAsync();
            return true;
        }, TimeSpan.FromSeconds(30), "evidence JPEG served");
        Assert.True(jpeg!.Length > 10_000 && jpeg[0] == 0xFF && jpeg[1] == 0xD8);

        // The alarm can come after only a few analysed frames; the feed keeps analysing the rest of the video.
        JsonNode? feed = null;
        await Eventually.Until(async () =>
        {
            var feeds = (await node.GetJson("/api/vision"))["cameras"]!.AsArray();
            feed = Assert.Single(feeds, f => (string)f!["sensor"]! == "cam-walk")!;
            Assert.True((long)feed["captured"]! >= (long)feed["analysed"]!, feed.ToJsonString());
            return (long)feed["analysed"]! > 5;
        }, TimeSpan.FromSeconds(60), "more than 5 frames analysed", () => feed?.ToJsonString() ?? "no feed");

        // Decommissioning the camera stops its capture.
        Assert.True((await node.Http.DeleteAsync("/api/sensors/cam-walk")).IsSuccessStatusCode);
        await Eventually.Until(async () => (await node.GetJson("/api/vision"))["cameras"]!.AsArray().Count == 0, TimeSpan.FromSeconds(30), "capture stopped");

        JsonNode? sensor = null;
        await Eventually.Until(async () =>
        {
            sensor = await node.GetJson("/api/sensors/cam-walk");
            return (long)sensor["readings"]! > 5;
        }, TimeSpan.FromSeconds(30), "the decommissioned camera's reading count", () => sensor?.ToJsonString() ?? "no answer");
        Assert.Equal(HttpStatusCode.BadRequest, (await node.Http.GetAsync("/api/evidence/cam-walk/..%2F..%2Fvigil.db")).StatusCode);
    }
}
