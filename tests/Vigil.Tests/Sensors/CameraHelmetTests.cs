#nullable enable
using Vigil.Messages;
using Xunit;
using static Vigil.Tests.Sensors.Given;

namespace Vigil.Tests.Sensors;

public sealed class CameraHelmetTests
{
    /// <summary>Frames 100 ms apart, one person detection per frame with the given helmet flag.</summary>
    private static List<Hazard> Run(Vigil.Actors.Sensors.ISensorEngine camera, double start, string? track, params bool?[] helmets)
    {
        var all = new List<Hazard>();
        for (var i = 0; i < helmets.Length; i++)
            all.AddRange(camera.Observe(At(start + i * 0.1), Frame(Person(track, helmets[i]))));
        return all;
    }

    [Fact]
    public void Camera_person_without_helmet_in_3_of_5_frames_raises_no_helmet()
    {
        var camera = Camera(ZoneKinds.Production);
        var hazards = Run(camera, 0, "12", false, false, false);

        var h = Assert.Single(hazards);
        Assert.Equal(HazardTypes.NoHelmet, h.Type);
        Assert.Equal("12", h.Subject);
        Assert.Equal("cam-1", h.SensorId);
        Assert.Equal("zone-a", h.ZoneId);
        Assert.Equal(At(0.2), h.T);
        Assert.Equal(Hazard.MakeId("cam-1", HazardTypes.NoHelmet, "12", At(0.2)), h.Id);
    }

    [Fact]
    public void Camera_two_bare_head_frames_of_five_do_not_confirm()
    {
        var camera = Camera(ZoneKinds.Production);
        Assert.Empty(Run(camera, 0, "12", false, true, true, false, true, true, false, true, true));
    }

    [Fact]
    public void Camera_flickering_helmet_flag_confirms_once_per_episode()
    {
        var camera = Camera(ZoneKinds.Production);
        // After confirming, the flag keeps flickering but never shows a helmet in 3 of 5 frames.
        var hazards = Run(camera, 0, "7", false, true, false, null, false, true, false, false, true, false, false, true, false, null, true, false);

        var h = Assert.Single(hazards);
        Assert.Equal(At(0.4), h.T);
        Assert.Equal("7", h.Subject);
    }

    [Fact]
    public void Camera_unknown_helmet_counts_as_neither()
    {
        var camera = Camera(ZoneKinds.Production);
        Assert.Empty(Run(camera, 0, "3", null, null, null, null, null, null));
        // Bare heads among frames it could not judge: the unknowns neither dilute nor add to them.
        var h = Assert.Single(Run(camera, 1, "4", false, null, null, false, null, null, false, null, null));
        Assert.Equal(At(1.6), h.T);
    }

    [Fact]
    public void Camera_helmeted_worker_with_stray_bare_head_flags_never_alarms()
    {
        var camera = Camera(ZoneKinds.Production);
        // 3 stray flags among 10: 3 of the last 5 frames, but far from a majority of what the track showed.
        Assert.Empty(Run(camera, 0, "5", true, true, true, true, true, true, true, false, true, false, false, true, true, true));
    }

    [Fact]
    public void Camera_no_helmet_re_arms_after_the_helmet_was_worn_for_seconds()
    {
        var camera = Camera(ZoneKinds.Production);
        var first = Run(camera, 0, "12", false, false, false);
        var worn = Run(camera, 0.3, "12", Enumerable.Repeat<bool?>(true, 32).ToArray());
        var second = Run(camera, 3.5, "12", false, false, false, false, false, false, false);

        Assert.Single(first);
        Assert.Empty(worn);
        var h = Assert.Single(second);
        Assert.Equal(At(4.0), h.T);
        Assert.NotEqual(first[0].Id, h.Id);
    }

    [Fact]
    public void Camera_two_helmet_frames_do_not_end_the_episode()
    {
        var camera = Camera(ZoneKinds.Production);
        Assert.Single(Run(camera, 0, "12", false, false, false));
        Assert.Empty(Run(camera, 0.3, "12", true, true, false, false, false));
    }

    [Fact]
    public void Camera_no_helmet_re_arms_after_track_absent_over_10s_but_not_after_a_short_gap()
    {
        var camera = Camera(ZoneKinds.Production);
        Assert.Single(Run(camera, 0, "12", false, false, false));
        Assert.Empty(Run(camera, 5, "12", false, false, false));
        var again = Run(camera, 15.5, "12", false, false, false);

        var h = Assert.Single(again);
        Assert.Equal(At(15.7), h.T);
    }

    [Fact]
    public void Camera_track_window_is_forgotten_after_absence()
    {
        var camera = Camera(ZoneKinds.Production);
        Assert.Empty(Run(camera, 0, "12", false, false));
        Assert.Empty(camera.Advance(At(20)));
        // Two old frames would complete 3 of 5 with this one if they had been kept.
        Assert.Empty(Run(camera, 20.1, "12", false));
        Assert.Single(Run(camera, 20.2, "12", false, false));
    }

    [Fact]
    public void Camera_tracks_are_judged_separately()
    {
        var camera = Camera(ZoneKinds.Production);
        var hazards = new List<Hazard>();
        hazards.AddRange(camera.Observe(At(0.0), Frame(Person("a", false), Person("b", true, x: 200))));
        hazards.AddRange(camera.Observe(At(0.1), Frame(Person("a", false), Person("b", false, x: 200))));
        hazards.AddRange(camera.Observe(At(0.2), Frame(Person("b", false, x: 200))));
        Assert.Empty(hazards);

        hazards.AddRange(camera.Observe(At(0.3), Frame(Person("a", false), Person("b", false, x: 200))));
        Assert.Equal(["a", "b"], hazards.Select(h => h.Subject!).Order().ToArray());
    }

    [Fact]
    public void Camera_vehicles_and_forklifts_are_never_flagged_for_helmets()
    {
        var camera = Camera(ZoneKinds.Production);
        var hazards = new List<Hazard>();
        for (var i = 0; i < 6; i++)
            hazards.AddRange(camera.Observe(At(i * 0.1), Frame(
                new Detection("vehicle", 0, 0, 300, 200, 0.9, "v", Helmet: false),
                new Detection("forklift", 400, 0, 300, 200, 0.9, "f", Helmet: false))));
        Assert.Empty(hazards);
    }

    [Fact]
    public void Camera_untracked_people_share_one_key_and_have_no_subject()
    {
        var camera = Camera(ZoneKinds.Production);
        var hazards = new List<Hazard>();
        // Different untracked people each frame still add up: without ids they cannot be told apart.
        hazards.AddRange(camera.Observe(At(0.0), Frame(Person(null, false, x: 100), Person(null, true, x: 900))));
        hazards.AddRange(camera.Observe(At(0.1), Frame(Person(null, false, x: 500))));
        hazards.AddRange(camera.Observe(At(0.2), Frame(Person(null, false, x: 700))));

        var h = Assert.Single(hazards);
        Assert.Null(h.Subject);
        Assert.Equal(At(0.2), h.T);
    }

    [Fact]
    public void Camera_low_confidence_detections_are_ignored()
    {
        var camera = Camera(ZoneKinds.Production);
        var hazards = new List<Hazard>();
        for (var i = 0; i < 5; i++)
            hazards.AddRange(camera.Observe(At(i * 0.1), Frame(Person("12", false, conf: 0.1))));
        Assert.Empty(hazards);
    }

    [Fact]
    public void Camera_confirm_and_window_frames_come_from_config()
    {
        var camera = Camera(ZoneKinds.Production, new SensorConfig { ConfirmFrames = 2, WindowFrames = 3 });
        var h = Assert.Single(Run(camera, 0, "12", false, true, false));
        Assert.Equal(At(0.2), h.T);
    }

    [Fact]
    public void Camera_without_helmet_rule_does_not_flag_bare_heads()
    {
        var camera = Camera(ZoneKinds.Road);
        Assert.Empty(Run(camera, 0, "12", false, false, false, false));
    }
}
