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
    public void Forklift_stopping_or_fastening_resets_the_seatbelt_timer()
    {
        var forklift = Forklift();
        Assert.Empty(Telemetry(forklift, 0, 2.5, kmh: 6));
        Assert.Empty(Telemetry(forklift, 3.0, 3.0, kmh: 0));
        Assert.Empty(Telemetry(forklift, 3.5, 6.0, kmh: 6));
        Assert.Empty(Telemetry(forklift, 6.5, 6.5, kmh: 6, belt: true));
        Assert.Empty(Telemetry(forklift, 7.0, 9.5, kmh: 6));

        var h = Assert.Single(forklift.Observe(At(10.0), Drive(6)));
        Assert.Equal(At(10.0), h.T);
    }

    [Fact]
    public void Forklift_seatbelt_is_reported_once_per_episode_and_again_after_fastening()
    {
        var forklift = Forklift();
        Assert.Single(Telemetry(forklift, 0, 20, kmh: 6));
        Assert.Empty(Telemetry(forklift, 20.5, 21, kmh: 6, belt: true));

        var h = Assert.Single(Telemetry(forklift, 21.5, 30, kmh: 6));
        Assert.Equal(At(24.5), h.T);
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

        var second = Feed(forklift, (6, Drive(9, true)), (7, Drive(9, true)), (8, Drive(12, true)), (9, Drive(15, true)));
        var h = Assert.Single(second);
        Assert.Equal((At(9), 15.0), (h.T, h.Kmh!.Value));
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
    public void Forklift_lost_face_breaks_the_eyes_closed_run()
    {
        var forklift = Forklift();
        forklift.Observe(At(0), Drive(5, belt: true));
        var hazards = Driver(forklift, 0, 1.0, eyeOpen: 0.1);
        hazards.AddRange(forklift.Observe(At(1.1), Eyes(0.1, face: false)));
        hazards.AddRange(Driver(forklift, 1.2, 2.5, eyeOpen: 0.1));
        Assert.Empty(hazards);
    }
}
