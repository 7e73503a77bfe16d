using Akka.TestKit.Xunit2;
using Vigil.Messages;
using Vigil.Tests.Support;
using Xunit;

namespace Vigil.Tests.Vision;

/// <summary>The fields vision adds to wire messages survive the node-to-node serializer.</summary>
public sealed class VisionSerializationTests() : TestKit(TestConfigs.InMemoryPersistence)
{
    private static readonly DateTimeOffset T = new(2026, 3, 2, 8, 0, 1, 350, TimeSpan.Zero);

    [Fact]
    public void Hazard_evidence_and_camera_source_round_trip()
    {
        var hazard = new Hazard("cam|zone_intrusion|7|1", HazardTypes.ZoneIntrusion, "cam", "plaza", T, "7", Evidence: "cam/cam_zone_intrusion_7_1.jpg");
        var registered = new SensorRegistered("cam", SensorKinds.Camera, "plaza", new SensorConfig { Source = "rtsp://10.0.0.5/stream1" }, new ZoneContext("production", null), T);
        foreach (object message in new object[] { new ReportHazard("plaza", hazard), registered })
        {
            var serializer = Sys.Serialization.FindSerializerFor(message);
            var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
            var back = Sys.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, manifest);
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(message), System.Text.Json.JsonSerializer.Serialize(back));
        }
        var h = (ReportHazard)Sys.Serialization.Deserialize(Sys.Serialization.FindSerializerFor(new ReportHazard("plaza", hazard)).ToBinary(new ReportHazard("plaza", hazard)),
            Sys.Serialization.FindSerializerFor(new ReportHazard("plaza", hazard)).Identifier,
            Akka.Serialization.Serialization.ManifestFor(Sys.Serialization.FindSerializerFor(new ReportHazard("plaza", hazard)), new ReportHazard("plaza", hazard)));
        Assert.Equal("cam/cam_zone_intrusion_7_1.jpg", h.Hazard.Evidence);
    }
}
