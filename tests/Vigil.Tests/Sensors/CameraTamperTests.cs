using Vigil.Actors.Sensors;
using Vigil.Messages;
using Xunit;

namespace Vigil.Tests.Sensors;

public sealed class CameraTamperTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly Detection Worker = new("person", 800, 100, 90, 240, 0.9, "7", true);

    private static CameraEngine Camera() => new("cam-1", "m1", SensorConfig.Empty, new ZoneContext(ZoneKinds.Production, null));

    private static List<Hazard> Feed(CameraEngine camera, double fromS, double toS, string? picture, params Detection[] detections)
    {
        var hazards = new List<Hazard>();
        for (var s = fromS; s <= toS + 1e-9; s += 0.5)
            hazards.AddRange(camera.Observe(T0.AddSeconds(s), new CameraDetections(detections, 1920, 1080, picture)));
        return hazards;
    }

    [Fact]
    public void A_black_picture_with_nothing_detected_for_two_seconds_is_one_tamper_per_episode()
    {
        var camera = Camera();
        Assert.Empty(Feed(camera, 0, 5, null, Worker));
        Assert.Empty(Feed(camera, 5.5, 7, Pictures.Black)); // 1.5 s: not yet
        var first = Feed(camera, 7.5, 20, Pictures.Black);
        var tamper = Assert.Single(first);
        Assert.Equal((HazardTypes.CameraTampered, T0.AddSeconds(7.5)), (tamper.Type, tamper.T));

        // The picture comes back, then freezes: a new episode.
        Assert.Empty(Feed(camera, 20.5, 25, null));
        Assert.Single(Feed(camera, 25.5, 40, Pictures.Frozen));
    }

    [Fact]
    public void Detections_without_a_picture_signal_and_a_dark_picture_with_people_in_it_never_tamper()
    {
        var camera = Camera();
        Assert.Empty(Feed(camera, 0, 60, null)); // an empty scene from elsewhere: nothing known of the picture
        Assert.Empty(Feed(camera, 60.5, 120, Pictures.Black, Worker)); // dark, but the detector still sees someone
    }

    [Fact]
    public void One_black_frame_between_normal_ones_never_tampers()
    {
        var camera = Camera();
        var hazards = new List<Hazard>();
        for (var i = 0; i < 40; i++)
            hazards.AddRange(camera.Observe(T0.AddSeconds(i * 0.5), new CameraDetections([], 1920, 1080, i % 2 == 0 ? Pictures.Black : null)));
        Assert.Empty(hazards);
    }
}
