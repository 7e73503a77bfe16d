using System.Net;
using System.Net.Http.Headers;
using Vigil.Node.Replay;
using Vigil.Tests.Support;
using Xunit;

namespace Vigil.Tests.Vision;

/// <summary>Scenario <c>image</c> readings and images posted to the API go through the same pipeline as video.</summary>
public sealed class ImageReadingTests
{
    [AssetFact]
    public async Task Scenario_image_readings_are_detected_and_fused()
    {
        var dir = Directory.CreateTempSubdirectory("vigil-img-").FullName;
        try
        {
            var rel = Path.GetRelativePath(dir, Assets.Media("person.jpg"));
            var lines = new List<string>
            {
                """{"type":"zone","id":"yard","kind":"production"}""",
                """{"type":"sensor","id":"cam-y","kind":"camera","zone":"yard","config":{"rules":["intrusion"],"danger_zones":[[[0,0],[640,0],[640,480],[0,480]]]}}""",
            };
            for (var i = 0; i < 3; i++)
                lines.Add($$"""{"type":"reading","t":"2026-03-02T08:00:0{{i}}.000Z","sensor":"cam-y","image":"{{rel.Replace("\\", "/")}}"}""");
            var scenario = Path.Combine(dir, "s.jsonl");
            await File.WriteAllLinesAsync(scenario, lines);
            var result = await ReplayCommand.ReplayAsync(scenario, CancellationToken.None);
            Assert.Equal(0, result.Skipped);
            Assert.Equal(3, result.Readings);
            var h = Assert.Single(result.Hazards, x => x.Hazard.Type == "zone_intrusion");
            Assert.Equal("2026-03-02T08:00:01.0000000+00:00", h.Hazard.T.ToString("o"));

            await File.WriteAllLinesAsync(scenario, [lines[0], lines[1], """{"type":"reading","t":"2026-03-02T08:00:00.000Z","sensor":"cam-y","image":"missing.jpg"}"""]);
            var ex = await Assert.ThrowsAsync<Vigil.Node.Ingest.ScenarioFormatException>(() => ReplayCommand.ReplayAsync(scenario, CancellationToken.None));
            Assert.Contains("line 3: image:", ex.Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [AssetFact]
    public async Task Images_posted_to_the_api_become_camera_and_driver_readings()
    {
        var dir = Directory.CreateTempSubdirectory("vigil-img-api-").FullName;
        await using var node = await TestNode.StartAsync(dir);
        try
        {
            Assert.True((await node.PostJson("/api/zones", """{"id":"wh","kind":"logistics"}""")).IsSuccessStatusCode);
            Assert.True((await node.PostJson("/api/sensors", """[{"id":"fl-1","kind":"forklift","zone":"wh"},{"id":"cam-w","kind":"camera","zone":"wh"}]""")).IsSuccessStatusCode);
            await Eventually.Until(async () => (await node.GetJson("/api/sensors?zone=wh")).AsArray().Count == 2, TimeSpan.FromSeconds(30), "sensors in the view");

            // The test node takes bodies up to 256 KiB: send the portrait as a JPEG.
            using var portrait = OpenCvSharp.Cv2.ImRead(Assets.Media("astronaut.png"));
            using var face = new ByteArrayContent(portrait.ImEncode(".jpg"));
            face.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            using var r1 = await node.Http.PostAsync("/api/sensors/fl-1/image?t=2026-03-02T08:00:00Z", face);
            var body1 = await r1.Content.ReadAsStringAsync();
            Assert.True(r1.StatusCode == HttpStatusCode.Accepted, $"{r1.StatusCode} {body1}");
            Assert.Contains("\"face\":true", body1);

            using var people = new ByteArrayContent(await File.ReadAllBytesAsync(Assets.Media("person.jpg")));
            using var r2 = await node.Http.PostAsync("/api/sensors/cam-w/image", people);
            var body2 = await r2.Content.ReadAsStringAsync();
            Assert.True(r2.StatusCode == HttpStatusCode.Accepted, body2);
            Assert.Contains("\"cls\":\"person\"", body2);

            using var junk = new ByteArrayContent("not an image"u8.ToArray());
            using var r3 = await node.Http.PostAsync("/api/sensors/cam-w/image", junk);
            Assert.Equal(HttpStatusCode.BadRequest, r3.StatusCode);
            Assert.Contains("not a JPEG/PNG", await r3.Content.ReadAsStringAsync());
            using var r4 = await node.Http.PostAsync("/api/sensors/nope/image", new ByteArrayContent([1]));
            Assert.Equal(HttpStatusCode.NotFound, r4.StatusCode);
        }
        finally
        {
            await node.DisposeAsync();
            Directory.Delete(dir, true);
        }
    }
}
