#nullable enable
using Vigil.Messages;
using Xunit;
using static Vigil.Tests.Sensors.Given;

namespace Vigil.Tests.Sensors;

public sealed class CameraIntrusionTests
{
    private static readonly SensorConfig Config = new()
    {
        DangerZones = [[new(100, 400), new(600, 400), new(600, 1000), new(100, 1000)]],
    };

    // Foot point (300, 700): inside the danger zone.
    private static Detection In(string? track = "9") => Person(track, true, x: 250, y: 500, w: 100, h: 200);

    // Foot point (1250, 700): outside.
    private static Detection Out(string? track = "9") => Person(track, true, x: 1200, y: 500, w: 100, h: 200);

    private static List<Hazard> Run(Vigil.Actors.Sensors.ISensorEngine camera, double start, params Detection[] frames)
    {
        var all = new List<Hazard>();
        for (var i = 0; i < frames.Length; i++)
            all.AddRange(camera.Observe(At(start + i * 0.1), Frame(frames[i])));
        return all;
    }

    [Fact]
    public void Camera_foot_point_in_danger_zone_in_2_of_3_frames_raises_zone_intrusion()
    {
        var camera = Camera(ZoneKinds.Production, Config);
        var hazards = Run(camera, 0, In(), Out(), In());

        var h = Assert.Single(hazards);
        Assert.Equal(HazardTypes.ZoneIntrusion, h.Type);
        Assert.Equal("9", h.Subject);
        Assert.Equal(At(0.2), h.T);
        Assert.Equal(Hazard.MakeId("cam-1", HazardTypes.ZoneIntrusion, "9", At(0.2)), h.Id);
    }

    [Fact]
    public void Camera_single_frame_inside_never_confirms_intrusion()
    {
        var camera = Camera(ZoneKinds.Production, Config);
        Assert.Empty(Run(camera, 0, In(), Out(), Out(), In(), Out(), Out(), In()));
    }

    [Fact]
    public void Camera_body_over_zone_with_feet_outside_is_not_an_intrusion()
    {
        var camera = Camera(ZoneKinds.Production, Config);
        // The box starts inside the zone but the person stands below it (foot y = 1100).
        var leaning = Person("9", true, x: 250, y: 800, w: 100, h: 300);
        Assert.Empty(Run(camera, 0, leaning, leaning, leaning, leaning));
    }

    [Fact]
    public void Camera_intrusion_is_reported_once_per_episode_and_re_arms_after_2s_outside()
    {
        var camera = Camera(ZoneKinds.Production, Config);
        var first = Run(camera, 0, In(), In(), In(), In(), Out(), Out(), In(), In(), In());
        Assert.Single(first);

        // Outside for 2 s (3 frames are not enough on their own: a foot on the polygon's edge jitters in and out).
        var second = Run(camera, 1, [.. Enumerable.Range(0, 21).Select(_ => Out()), In(), In()]);
        var h = Assert.Single(second);
        Assert.Equal(At(3.2), h.T);
    }

    [Fact]
    public void Camera_intrusion_re_arms_after_track_absent_over_10s()
    {
        var camera = Camera(ZoneKinds.Production, Config);
        Assert.Single(Run(camera, 0, In(), In()));
        Assert.Empty(Run(camera, 8, In(), In()));
        Assert.Single(Run(camera, 20, In(), In()));
    }

    [Fact]
    public void Camera_without_danger_zones_never_reports_intrusion()
    {
        var camera = Camera(ZoneKinds.Production);
        Assert.Empty(Run(camera, 0, In(), In(), In(), In()));
    }

    [Fact]
    public void Camera_rules_from_config_replace_the_zone_defaults()
    {
        var camera = Camera(ZoneKinds.Production, Config with { Rules = ["helmet"] });
        Assert.Empty(Run(camera, 0, In(), In(), In(), In()));
    }

    [Fact]
    public void Camera_in_scrap_pit_checks_intrusion_by_default()
    {
        var camera = Camera(ZoneKinds.ScrapPit, Config);
        Assert.Single(Run(camera, 0, In(), In()));
    }
}
