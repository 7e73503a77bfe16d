#nullable enable
using Vigil.Actors.Sensors;
using Vigil.Messages;
using Xunit;
using static Vigil.Tests.Sensors.Given;

namespace Vigil.Tests.Sensors;

public sealed class ForkliftEngineTests
{
    private static ForkliftTelemetry Drive(double kmh, bool belt = false) => new(kmh, belt, Seat: true, Ignition: true);

    private static DriverState Eyes(double open, bool face = true) => new(face, open);

    /// <summary>Telemetry every 0.5 s from start to end inclusive.</summary>
    private static List<Hazard> Telemetry(ISensorEngine forklift, double start, double end, double kmh, bool belt = false)
    {
        var all = new List<Hazard>();
        for (var s = start; s <= end + 1e-9; s += 0.5)
            all.AddRange(forklift.Observe(At(s), Drive(kmh, belt)));
        return all;
    }

    /// <summary>Driver-monitor records every 0.1 s from start to end inclusive.</summary>
    private static List<Hazard> Driver(ISensorEngine forklift, double start, double end, double eyeOpen)
    {
        var all = new List<Hazard>();
        for (var i = 0; start + i * 0.1 <= end + 1e-9; i++)
            all.AddRange(forklift.Observe(At(start + i * 0.1), Eyes(eyeOpen)));
        return all;
    }

    [Fact]
    public void Forklift_moving_unbelted_for_3s_raises_seatbelt_unfastened()
    {
        var forklift = Forklift();
        Assert.Empty(Telemetry(forklift, 0, 2.5, kmh: 6));
        var h = Assert.Single(forklift.Observe(At(3.0), Drive(6)));

        Assert.Equal(HazardTypes.SeatbeltUnfastened, h.Type);
        Assert.Equal("fl-1", h.SensorId);
        Assert.Equal("dock", h.ZoneId);
        Assert.Equal(At(3.0), h.T);
        Assert.Null(h.Subject);
        Assert.Equal(Hazard.MakeId("fl-1", HazardTypes.SeatbeltUnfastened, null, At(3.0)), h.Id);
    }

    [Fact]
    public void Forklift_parked_without_seatbelt_never_alarms()
    {
        var forklift = Forklift();
        Assert.Empty(Telemetry(forklift, 0, 60, kmh: 0));
        Assert.Empty(Telemetry(forklift, 60.5, 120, kmh: 0.9));
    }

    [Fact]
    public void Forklift_stopping_or_fastening_for_over_a_second_resets_the_seatbelt_timer()
    {
        var forklift = Forklift();
        Assert.Empty(Telemetry(forklift, 0, 2.5, kmh: 6));
        Assert.Empty(Telemetry(forklift, 3.0, 4.0, kmh: 0));
        Assert.Empty(Telemetry(forklift, 4.5, 7.0, kmh: 6));
        Assert.Empty(Telemetry(forklift, 7.5, 8.5, kmh: 6, belt: true));
        Assert.Empty(Telemetry(forklift, 9.0, 11.5, kmh: 6));

        var h = Assert.Single(forklift.Observe(At(12.0), Drive(6)));
        Assert.Equal(At(12.0), h.T);
    }

    [Fact]
    public void Forklift_one_flickering_switch_record_does_not_reset_the_seatbelt_timer()
    {
        var forklift = Forklift();
        Assert.Empty(Telemetry(forklift, 0, 1.5, kmh: 6));
        Assert.Empty(Telemetry(forklift, 2.0, 2.0, kmh: 6, belt: true));

        var h = Assert.Single(Telemetry(forklift, 2.5, 5, kmh: 6));
        Assert.Equal(At(3.0), h.T);
    }

    [Fact]
    public void Forklift_switch_fastened_but_no_belt_seen_while_moving_is_bypassed()
    {
        var forklift = Forklift();
        var hazards = new List<Hazard>();
        for (var i = 0; i <= 80; i++)
        {
            var s = i * 0.1;
            if (i % 5 == 0)
                hazards.AddRange(forklift.Observe(At(s), Drive(6, belt: true)));
            // The camera misses the face now and then; the belt is never seen.
            hazards.AddRange(forklift.Observe(At(s + 0.01), i % 7 == 3 ? new DriverState(false) : new DriverState(true, 0.9, BeltVisible: false)));
        }

        var h = Assert.Single(hazards);
        Assert.Equal(HazardTypes.SeatbeltBypassed, h.Type);
        Assert.InRange(h.T, At(5.0), At(5.2));
    }

    [Fact]
    public void Forklift_belt_seen_or_parked_never_counts_as_bypassed()
    {
        var forklift = Forklift();
        var hazards = new List<Hazard>();
        for (var i = 0; i <= 100; i++)
        {
            var s = i * 0.1;
            if (i % 5 == 0)
                hazards.AddRange(forklift.Observe(At(s), Drive(i < 50 ? 6 : 0, belt: true)));
            // Moving: the belt is seen except for one frame in four; parked: the driver took it off.
            var seen = i < 50 && i % 4 != 0;
            hazards.AddRange(forklift.Observe(At(s + 0.01), new DriverState(true, 0.9, BeltVisible: seen)));
        }
        Assert.Empty(hazards);
    }

    [Fact]
    public void Forklift_high_perclos_without_a_microsleep_is_fatigue_and_normal_blinking_is_not()
    {
        var drowsy = Forklift();
        var calm = Forklift();
        var hazards = new List<Hazard>();
        var calmHazards = new List<Hazard>();
        for (var i = 0; i <= 900; i++)
        {
            var s = i * 0.1;
            if (i % 5 == 0)
            {
                hazards.AddRange(drowsy.Observe(At(s), Drive(5, belt: true)));
                calmHazards.AddRange(calm.Observe(At(s), Drive(5, belt: true)));
            }
            // Drowsy: eyes shut 0.8 s of every 2 s (40 %), never long enough for a microsleep. Calm: a 0.3 s blink every 4 s.
            hazards.AddRange(drowsy.Observe(At(s + 0.01), Eyes(i % 20 < 8 ? 0.05 : 0.7)));
            calmHazards.AddRange(calm.Observe(At(s + 0.01), Eyes(i % 40 < 3 ? 0.05 : 0.9)));
        }

        var h = Assert.Single(hazards);
        Assert.Equal(HazardTypes.DriverFatigue, h.Type);
        Assert.Equal("perclos", h.Detail);
        Assert.Empty(calmHazards);
    }

    [Fact]
    public void Forklift_seatbelt_is_reported_once_per_episode_and_again_after_fastening()
    {
        var forklift = Forklift();
        Assert.Single(Telemetry(forklift, 0, 20, kmh: 6));
        Assert.Empty(Telemetry(forklift, 20.5, 21.5, kmh: 6, belt: true));

        var h = Assert.Single(Telemetry(forklift, 22, 30, kmh: 6));
        Assert.Equal(At(25), h.T);
    }

    [Fact]
    public void Forklift_over_the_zone_limit_in_two_records_raises_overspeed()
    {
        var forklift = Forklift(zoneLimit: 10);
        Assert.Empty(forklift.Observe(At(0), Drive(12, belt: true)));
        var h = Assert.Single(forklift.Observe(At(1), Drive(13, belt: true)));

        Assert.Equal(HazardTypes.Overspeed, h.Type);
        Assert.Equal("fl-1", h.Subject);
        Assert.Equal(13, h.Kmh);
        Assert.Equal(10, h.LimitKmh);
        Assert.Equal(At(1), h.T);
    }

    [Fact]
    public void Forklift_single_speed_spike_does_not_confirm_overspeed()
    {
        var forklift = Forklift(zoneLimit: 10);
        var hazards = Feed(forklift, (0, Drive(25, true)), (1, Drive(8, true)), (2, Drive(26, true)), (3, Drive(9, true)));
        Assert.Empty(hazards);
    }

    [Fact]
    public void Forklift_overspeed_is_reported_once_per_episode()
    {
        var forklift = Forklift(zoneLimit: 10);
        var first = Feed(forklift, (0, Drive(12, true)), (1, Drive(13, true)), (2, Drive(14, true)), (3, Drive(9, true)), (4, Drive(12, true)), (5, Drive(13, true)));
        Assert.Single(first);

        var second = Feed(forklift, (6, Drive(9, true)), (7, Drive(9, true)), (8, Drive(9, true)), (9, Drive(12, true)), (10, Drive(15, true)));
        var h = Assert.Single(second);
        Assert.Equal((At(10), 15.0), (h.T, h.Kmh!.Value));
    }

    [Fact]
    public void Forklift_speed_limit_comes_from_config_and_without_one_the_rule_is_off()
    {
        var configured = Forklift(zoneLimit: 10, new SensorConfig { SpeedLimitKmh = 15 });
        Assert.Empty(Feed(configured, (0, Drive(14, true)), (1, Drive(14, true))));
        var h = Assert.Single(Feed(configured, (2, Drive(16, true)), (3, Drive(16, true))));
        Assert.Equal(15, h.LimitKmh);

        var unlimited = Forklift(zoneLimit: null);
        Assert.Empty(Feed(unlimited, (0, Drive(40, true)), (1, Drive(40, true)), (2, Drive(40, true))));
    }

    [Fact]
    public void Forklift_eyes_closed_for_1_5s_while_moving_raises_driver_fatigue()
    {
        var forklift = Forklift();
        forklift.Observe(At(0), Drive(5, belt: true));
        Assert.Empty(Driver(forklift, 0.1, 1.5, eyeOpen: 0.1));
        var h = Assert.Single(forklift.Observe(At(1.6), Eyes(0.1)));

        Assert.Equal(HazardTypes.DriverFatigue, h.Type);
        Assert.Equal(At(1.6), h.T);
        Assert.Null(h.Subject);
    }

    [Fact]
    public void Forklift_blinks_never_alarm()
    {
        var forklift = Forklift();
        forklift.Observe(At(0), Drive(5, belt: true));
        var hazards = new List<Hazard>();
        for (var cycle = 0; cycle < 20; cycle++)
        {
            var start = cycle * 1.0;
            hazards.AddRange(Driver(forklift, start, start + 0.3, eyeOpen: 0.05));
            hazards.AddRange(Driver(forklift, start + 0.4, start + 0.9, eyeOpen: 0.9));
        }
        Assert.Empty(hazards);
    }

    [Fact]
    public void Forklift_eyes_closed_while_parked_never_alarm()
    {
        var forklift = Forklift();
        forklift.Observe(At(0), Drive(0, belt: false));
        Assert.Empty(Driver(forklift, 0.1, 10, eyeOpen: 0.0));
    }

    [Fact]
    public void Forklift_without_telemetry_is_not_known_to_move_and_never_reports_fatigue() =>
        Assert.Empty(Driver(Forklift(), 0, 5, eyeOpen: 0.0));

    [Fact]
    public void Forklift_fatigue_is_once_per_episode_and_again_after_the_eyes_reopen()
    {
        var forklift = Forklift();
        forklift.Observe(At(0), Drive(5, belt: true));
        Assert.Single(Driver(forklift, 0, 5, eyeOpen: 0.1));
        Assert.Empty(Driver(forklift, 5.1, 5.5, eyeOpen: 0.8));

        var h = Assert.Single(Driver(forklift, 5.6, 8, eyeOpen: 0.1));
        Assert.Equal(At(7.1), h.T);
    }

    [Fact]
    public void Forklift_face_lost_for_a_frame_inside_a_microsleep_does_not_break_it()
    {
        var forklift = Forklift();
        forklift.Observe(At(0), Drive(5, belt: true));
        var hazards = Driver(forklift, 0, 1.0, eyeOpen: 0.1);
        hazards.AddRange(forklift.Observe(At(1.1), Eyes(0.1, face: false)));
        hazards.AddRange(Driver(forklift, 1.2, 2.5, eyeOpen: 0.1));

        Assert.Equal(At(1.5), Assert.Single(hazards).T);
    }

    [Fact]
    public void Forklift_face_lost_for_long_ends_the_eyes_closed_run()
    {
        var forklift = Forklift();
        forklift.Observe(At(0), Drive(5, belt: true));
        var hazards = Driver(forklift, 0, 1.0, eyeOpen: 0.1);
        for (var s = 1.1; s < 2.0; s += 0.1)
            hazards.AddRange(forklift.Observe(At(s), Eyes(0.1, face: false)));
        hazards.AddRange(Driver(forklift, 2.0, 3.0, eyeOpen: 0.1));
        Assert.Empty(hazards);
    }
}
