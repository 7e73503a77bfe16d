#nullable enable
using Vigil.Actors.Sensors;
using Vigil.Messages;
using Xunit;
using static Vigil.Tests.Sensors.Given;

namespace Vigil.Tests.Sensors;

public sealed class CameraMixingAndRooftopTests
{
    // Person box 90×200 at (800, 300): centre (845, 400), mixing distance 1.5 × 200 = 300 px.
    private static Detection Walker(string? track = "p1") => Person(track, true, x: 800, y: 300, w: 90, h: 200);

    // A vehicle whose left edge is at x = 845 + gap, level with the person's centre.
    private static Detection CarAt(double gap, string cls = "vehicle") => Vehicle(845 + gap, 300, cls: cls);

    /// <summary>Frames 100 ms apart; every vehicle drives (its box moves 20 px up and down, level with the walker).</summary>
    private static List<Hazard> Run(ISensorEngine camera, double start, params CameraDetections[] frames)
    {
        var all = new List<Hazard>();
        // The vehicles drive in view for 0.6 s before the walker appears: movement is judged over half a second.
        for (var i = -6; i < 0; i++)
            all.AddRange(camera.Observe(At(start + i * 0.1), new CameraDetections([.. frames[0].Detections.Where(d => d.Cls != "person").Select(d => d with { Y = d.Y + (i + 6) % 2 * 20 })], 1920, 1080)));
        for (var i = 0; i < frames.Length; i++)
        {
            var dy = i % 2 * 20;
            var frame = frames[i] with { Detections = [.. frames[i].Detections.Select(d => d.Cls == "person" ? d : d with { Y = d.Y + dy })] };
            all.AddRange(camera.Observe(At(start + i * 0.1), frame));
        }
        return all;
    }

    [Fact]
    public void Camera_parked_vehicle_next_to_a_walker_is_not_mixing()
    {
        var camera = Camera(ZoneKinds.Road);
        var hazards = new List<Hazard>();
        for (var i = 0; i < 20; i++)
            hazards.AddRange(camera.Observe(At(i * 0.1), Frame(Walker(), CarAt(50))));
        Assert.Empty(hazards);
    }

    [Fact]
    public void Camera_mixing_distance_comes_from_config_in_metres()
    {
        // 3.4 m is two person heights: 400 px for this walker.
        var config = new SensorConfig { MixingDistanceM = 3.4 };
        Assert.Single(Run(Camera(ZoneKinds.Road, config), 0, Frame(Walker(), CarAt(390)), Frame(Walker(), CarAt(390))));
        Assert.Empty(Run(Camera(ZoneKinds.Road, config), 0, Frame(Walker(), CarAt(410)), Frame(Walker(), CarAt(410))));
    }

    [Fact]
    public void Camera_person_near_vehicle_in_two_consecutive_frames_raises_mixing()
    {
        var camera = Camera(ZoneKinds.Road);
        var hazards = Run(camera, 0, Frame(Walker(), CarAt(250)), Frame(Walker(), CarAt(200)));

        var h = Assert.Single(hazards);
        Assert.Equal(HazardTypes.PersonVehicleMixing, h.Type);
        Assert.Equal("p1", h.Subject);
        Assert.Equal(At(0.1), h.T);
    }

    [Fact]
    public void Camera_mixing_distance_is_one_and_a_half_person_heights()
    {
        Assert.Single(Run(Camera(ZoneKinds.Road), 0, Frame(Walker(), CarAt(299)), Frame(Walker(), CarAt(299))));
        Assert.Empty(Run(Camera(ZoneKinds.Road), 0, Frame(Walker(), CarAt(301)), Frame(Walker(), CarAt(301))));
    }

    [Fact]
    public void Camera_mixing_needs_consecutive_frames()
    {
        var camera = Camera(ZoneKinds.Road);
        Assert.Empty(Run(camera, 0,
            Frame(Walker(), CarAt(100)), Frame(Walker(), CarAt(900)),
            Frame(Walker(), CarAt(100)), Frame(Walker()),
            Frame(Walker(), CarAt(100))));
    }

    [Fact]
    public void Camera_forklift_counts_as_a_vehicle_for_mixing_in_logistics()
    {
        var camera = Camera(ZoneKinds.Logistics);
        var h = Assert.Single(Run(camera, 0, Frame(Walker(), CarAt(50, "forklift")), Frame(Walker(), CarAt(50, "forklift"))));
        Assert.Equal("p1", h.Subject);
    }

    [Fact]
    public void Camera_mixing_once_per_episode_and_again_after_2s_apart()
    {
        var camera = Camera(ZoneKinds.Road);
        var near = Frame(Walker(), CarAt(10));
        var far = Frame(Walker(), CarAt(1000));
        Assert.Single(Run(camera, 0, near, near, near, near, far, far, near, near));
        var again = Run(camera, 1, [.. Enumerable.Repeat(far, 21), near, near]);
        var h = Assert.Single(again);
        Assert.Equal(At(3.2), h.T);
    }

    [Fact]
    public void Camera_mixing_is_not_checked_in_production_by_default()
    {
        var camera = Camera(ZoneKinds.Production);
        Assert.Empty(Run(camera, 0, Frame(Walker(), CarAt(10)), Frame(Walker(), CarAt(10)), Frame(Walker(), CarAt(10))));
    }

    private static readonly SensorConfig Night = new() { ActiveHours = new ActiveHours(new TimeOnly(19, 0), new TimeOnly(7, 0)) };

    private static readonly DateTimeOffset TenPmUtc = new(2026, 3, 2, 22, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Camera_rooftop_person_at_night_in_two_frames_within_a_second_raises_rooftop_intrusion()
    {
        var camera = Camera(ZoneKinds.Rooftop, Night);
        Assert.Empty(camera.Observe(TenPmUtc, Frame(Walker("r1"))));
        var h = Assert.Single(camera.Observe(TenPmUtc.AddSeconds(0.5), Frame(Walker("r1"))));

        Assert.Equal(HazardTypes.RooftopIntrusion, h.Type);
        Assert.Equal("r1", h.Subject);
        Assert.Equal(TenPmUtc.AddSeconds(0.5), h.T);
    }

    [Fact]
    public void Camera_rooftop_sightings_more_than_a_second_apart_do_not_confirm()
    {
        var camera = Camera(ZoneKinds.Rooftop, Night);
        Assert.Empty(camera.Observe(TenPmUtc, Frame(Walker("r1"))));
        Assert.Empty(camera.Observe(TenPmUtc.AddSeconds(1.5), Frame(Walker("r1"))));
        Assert.Single(camera.Observe(TenPmUtc.AddSeconds(2.2), Frame(Walker("r1"))));
    }

    [Fact]
    public void Camera_rooftop_outside_active_hours_never_alarms()
    {
        var camera = Camera(ZoneKinds.Rooftop, Night);
        var noon = new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
        var hazards = new List<Hazard>();
        for (var i = 0; i < 10; i++)
            hazards.AddRange(camera.Observe(noon.AddSeconds(i * 0.1), Frame(Walker("r1"))));
        Assert.Empty(hazards);
    }

    [Fact]
    public void Camera_rooftop_active_hours_use_the_timestamps_own_offset()
    {
        // 12:30 UTC is 20:30 at +08:00: night at the plant.
        var local = new DateTimeOffset(2026, 3, 2, 20, 30, 0, TimeSpan.FromHours(8));
        var camera = Camera(ZoneKinds.Rooftop, Night);
        Assert.Empty(camera.Observe(local, Frame(Walker("r1"))));
        Assert.Single(camera.Observe(local.AddSeconds(0.2), Frame(Walker("r1"))));

        var utcNoonish = new DateTimeOffset(2026, 3, 2, 12, 30, 0, TimeSpan.Zero);
        var other = Camera(ZoneKinds.Rooftop, Night);
        Assert.Empty(other.Observe(utcNoonish, Frame(Walker("r1"))));
        Assert.Empty(other.Observe(utcNoonish.AddSeconds(0.2), Frame(Walker("r1"))));
    }

    [Fact]
    public void Camera_rooftop_without_active_hours_is_always_on_and_reports_once_per_episode()
    {
        var camera = Camera(ZoneKinds.Rooftop);
        var hazards = Run(camera, 0, Frame(Walker("r1")), Frame(Walker("r1")), Frame(Walker("r1")), Frame(Walker("r1")));
        var h = Assert.Single(hazards);
        Assert.Equal(At(0.1), h.T);

        Assert.Single(Run(camera, 15, Frame(Walker("r1")), Frame(Walker("r1"))));
    }

    [Fact]
    public void Camera_rooftop_vehicles_are_not_intruders()
    {
        var camera = Camera(ZoneKinds.Rooftop);
        Assert.Empty(Run(camera, 0, Frame(CarAt(0)), Frame(CarAt(0)), Frame(CarAt(0))));
    }
}
