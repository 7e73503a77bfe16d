#nullable enable
using Vigil.Actors.Sensors;
using Vigil.Messages;
using Xunit;
using static Vigil.Tests.Sensors.Given;

namespace Vigil.Tests.Sensors;

public sealed class RadarEngineTests
{
    private static RadarSpeed Speed(double kmh, string target = "7", int lane = 1) => new(target, kmh, lane);

    private static PlateRead Plate(string text, double conf = 0.9, int lane = 1) => new(text, conf, lane);

    [Fact]
    public void Radar_matches_plate_read_in_same_lane()
    {
        var radar = Radar(zoneLimit: 20);
        Assert.Empty(Feed(radar, (0.0, Speed(25)), (0.1, Speed(27)), (0.2, Speed(26)), (0.3, Plate("苏H 12345", 0.93))));
        // Closed at 1.7 s; reads may still come until 2.2 s, and a following vehicle (which may own them) starts by 4.2 s.
        Assert.Empty(radar.Advance(At(1.5)));
        Assert.Empty(radar.Advance(At(4.1)));

        var h = Assert.Single(radar.Advance(At(4.2)));
        Assert.Equal(HazardTypes.Overspeed, h.Type);
        Assert.Equal("苏H12345", h.Subject);
        Assert.Equal(26, h.Kmh);
        Assert.Equal(20, h.LimitKmh);
        Assert.Equal("radar-1", h.SensorId);
        Assert.Equal("road-east", h.ZoneId);
        Assert.Equal(At(0.3), h.T);
        Assert.Equal(Hazard.MakeId("radar-1", HazardTypes.Overspeed, "苏H12345", At(0.3)), h.Id);
    }

    [Fact]
    public void Radar_plate_read_before_the_samples_is_matched()
    {
        var radar = Radar();
        Feed(radar, (0.0, Plate("A111")), (1.0, Speed(31)), (1.1, Speed(32)), (1.2, Speed(33)), (1.3, Speed(31)));

        var h = Assert.Single(radar.Advance(At(5.3)));
        Assert.Equal("A111", h.Subject);
        Assert.Equal(31.5, h.Kmh);
        Assert.Equal(At(1.3), h.T);
    }

    [Fact]
    public void Radar_plate_read_after_the_samples_within_the_window_is_matched()
    {
        var radar = Radar();
        Assert.Empty(Feed(radar, (0.0, Speed(30)), (0.2, Speed(31)), (0.4, Speed(30)), (2.0, Plate("B222"))));

        var h = Assert.Single(radar.Advance(At(4.4)));
        Assert.Equal("B222", h.Subject);
        Assert.Equal(30, h.Kmh);
        Assert.Equal(At(2.0), h.T);
    }

    [Fact]
    public void Radar_overspeed_without_a_plate_is_unknown_once_the_window_has_passed()
    {
        var radar = Radar();
        Feed(radar, (0.0, Speed(30)), (0.2, Speed(31)), (0.4, Speed(30)));
        Assert.Empty(radar.Advance(At(2.3)));

        var h = Assert.Single(radar.Advance(At(9)));
        Assert.Equal("unknown", h.Subject);
        Assert.Equal(30, h.Kmh);
        // Stamped when the window closed, not when the clock happened to tick: replays at any speed agree.
        Assert.Equal(At(2.4), h.T);
        Assert.Empty(radar.Advance(At(20)));
    }

    [Fact]
    public void Radar_plate_read_after_the_window_does_not_name_the_vehicle()
    {
        var radar = Radar();
        Feed(radar, (0.0, Speed(30)), (0.2, Speed(31)), (0.4, Speed(30)), (3.0, Plate("LATE1")));

        var h = Assert.Single(radar.Advance(At(5)));
        Assert.Equal("unknown", h.Subject);
        Assert.Equal(At(2.4), h.T);
    }

    [Fact]
    public void Radar_plate_read_of_another_lane_does_not_name_the_vehicle()
    {
        var radar = Radar();
        Feed(radar, (0.0, Speed(30, lane: 1)), (0.2, Speed(31, lane: 1)), (0.3, Plate("OTHER", 0.99, lane: 2)));

        var h = Assert.Single(radar.Advance(At(5)));
        Assert.Equal("unknown", h.Subject);
    }

    [Fact]
    public void Two_vehicles_in_different_lanes_within_a_second_get_their_own_plates()
    {
        var radar = Radar();
        Feed(radar,
            (0.0, Speed(35, "1", 1)), (0.1, Speed(36, "1", 1)), (0.2, Plate("A111", 0.90, 1)), (0.3, Speed(35, "1", 1)),
            (0.5, Speed(40, "2", 2)), (0.6, Plate("B222", 0.99, 2)), (0.7, Speed(41, "2", 2)), (0.8, Speed(40, "2", 2)));

        var hazards = radar.Advance(At(5));
        Assert.Equal(2, hazards.Count);
        Assert.Equal(("A111", 35.0), (hazards[0].Subject, hazards[0].Kmh!.Value));
        Assert.Equal(("B222", 40.0), (hazards[1].Subject, hazards[1].Kmh!.Value));
    }

    [Fact]
    public void Radar_picks_the_highest_confidence_read()
    {
        var radar = Radar();
        Feed(radar, (0.0, Plate("苏H1234S", 0.61)), (0.1, Speed(30)), (0.2, Speed(30)), (0.3, Plate("苏H12345", 0.95)), (0.4, Plate("苏H12845", 0.70)));

        var h = Assert.Single(radar.Advance(At(5)));
        Assert.Equal("苏H12345", h.Subject);
        Assert.Equal(At(0.3), h.T);
    }

    [Fact]
    public void Radar_plate_read_serves_only_one_vehicle()
    {
        var radar = Radar();
        Feed(radar,
            (0.0, Speed(30, "a")), (0.3, Speed(30, "a")),
            (0.5, Plate("ONLY1")),
            (1.5, Speed(40, "b")), (1.8, Speed(40, "b")));

        var hazards = radar.Advance(At(10));
        Assert.Equal(2, hazards.Count);
        Assert.Equal(("ONLY1", 30.0), (hazards[0].Subject, hazards[0].Kmh!.Value));
        Assert.Equal(("unknown", 40.0), (hazards[1].Subject, hazards[1].Kmh!.Value));
    }

    [Fact]
    public void Radar_single_speed_spike_is_rejected()
    {
        var radar = Radar(zoneLimit: 20);
        Feed(radar, (0.0, Speed(18)), (0.1, Speed(19)), (0.2, Speed(45)), (0.3, Speed(19)), (0.35, Plate("CALM1")));
        Assert.Empty(radar.Advance(At(10)));
    }

    [Fact]
    public void Radar_real_peak_is_not_averaged_away()
    {
        var radar = Radar(zoneLimit: 20);
        Feed(radar, (0.0, Speed(15)), (0.1, Speed(24)), (0.2, Speed(25)), (0.3, Speed(18)), (0.4, Speed(12)));

        var h = Assert.Single(radar.Advance(At(10)));
        Assert.InRange(h.Kmh!.Value, 24, 25);
    }

    [Fact]
    public void Radar_two_samples_that_agree_give_their_mean()
    {
        var radar = Radar(zoneLimit: 20);
        Feed(radar, (0.0, Speed(21)), (0.1, Speed(22)));

        var h = Assert.Single(radar.Advance(At(10)));
        Assert.Equal(21.5, h.Kmh);
    }

    [Fact]
    public void Radar_two_samples_no_vehicle_could_produce_trust_the_lower()
    {
        var radar = Radar(zoneLimit: 20);
        Feed(radar, (0.0, Speed(18)), (0.1, Speed(34)), (0.15, Plate("CALM2")));
        Assert.Empty(radar.Advance(At(10)));
    }

    [Fact]
    public void Radar_plate_read_nearer_a_following_legal_car_is_not_stolen()
    {
        var radar = Radar(zoneLimit: 20);
        // A speeder with no read of its own; 2.5 s later a legal car in the same lane, read 0.3 s before its first sample:
        // that read is in the speeder's window, but nearer the legal car.
        Feed(radar,
            (0.0, Speed(30, "1")), (0.1, Speed(30, "1")), (0.2, Speed(31, "1")),
            (2.1, Plate("LEGAL1", 0.99)),
            (2.4, Speed(15, "2")), (2.5, Speed(15, "2")), (2.6, Speed(15, "2")));

        var h = Assert.Single(radar.Advance(At(20)));
        Assert.Equal("unknown", h.Subject);
    }

    [Fact]
    public void Radar_two_vehicles_in_one_lane_a_few_seconds_apart_with_a_reused_id_keep_their_own_plates()
    {
        var radar = Radar(zoneLimit: 20);
        var hazards = Feed(radar,
            (0.0, Plate("FIRST1", 0.80)), (0.5, Speed(35, "9")), (0.6, Speed(36, "9")), (0.7, Speed(35, "9")),
            (3.0, Plate("SECOND2", 0.97)), (3.5, Speed(28, "9")), (3.6, Speed(29, "9")), (3.7, Speed(28, "9")));
        hazards.AddRange(radar.Advance(At(20)));

        Assert.Equal([("FIRST1", 35.0), ("SECOND2", 28.0)], hazards.Select(h => (h.Subject!, h.Kmh!.Value)).ToArray());
    }

    [Fact]
    public void Radar_vehicle_at_or_under_the_limit_never_alarms()
    {
        var radar = Radar(zoneLimit: 20);
        Feed(radar, (0.0, Speed(20)), (0.1, Speed(20)), (0.2, Speed(19.5)), (0.3, Plate("SLOW1")));
        Assert.Empty(radar.Advance(At(10)));
    }

    [Fact]
    public void Radar_limit_comes_from_config_then_zone_then_default()
    {
        var configured = Radar(zoneLimit: 20, new SensorConfig { SpeedLimitKmh = 50 });
        Feed(configured, (0.0, Speed(45)), (0.1, Speed(45)));
        Assert.Empty(configured.Advance(At(10)));

        var defaulted = Radar(zoneLimit: null);
        Feed(defaulted, (0.0, Speed(29)), (0.1, Speed(29)), (2.0, Speed(31, "8")), (2.1, Speed(31, "8")));
        var h = Assert.Single(defaulted.Advance(At(10)));
        Assert.Equal((31.0, 30.0), (h.Kmh!.Value, h.LimitKmh!.Value));
    }

    [Fact]
    public void Radar_match_window_comes_from_config()
    {
        var radar = Radar(config: new SensorConfig { MatchWindowS = 0.5 });
        var hazards = Feed(radar, (0.0, Speed(30)), (0.2, Speed(30)), (1.0, Plate("TOO-LATE")));
        hazards.AddRange(radar.Advance(At(5)));

        var h = Assert.Single(hazards);
        Assert.Equal("unknown", h.Subject);
        Assert.Equal(At(0.7), h.T);
    }

    [Fact]
    public void Radar_same_target_id_after_a_gap_is_a_new_vehicle()
    {
        var radar = Radar();
        var hazards = Feed(radar,
            (0.0, Speed(30)), (0.1, Speed(30)), (0.2, Plate("FIRST")),
            (6.0, Speed(33)), (6.1, Speed(33)), (6.2, Plate("SECOND")));
        hazards.AddRange(radar.Advance(At(20)));

        Assert.Equal([("FIRST", 30.0), ("SECOND", 33.0)], hazards.Select(h => (h.Subject!, h.Kmh!.Value)).ToArray());
    }

    [Fact]
    public void Radar_decides_on_the_next_reading_without_a_clock_tick()
    {
        var radar = Radar();
        Feed(radar, (0.0, Speed(30)), (0.1, Speed(30)), (0.2, Plate("P1")));

        var h = Assert.Single(radar.Observe(At(4.2), Speed(10, "other")));
        Assert.Equal("P1", h.Subject);
    }

    [Fact]
    public void Radar_speed_sign_is_direction_not_slowness()
    {
        var radar = Radar(zoneLimit: 20);
        Feed(radar, (0.0, Speed(-28)), (0.1, Speed(-28)));
        var h = Assert.Single(radar.Advance(At(10)));
        Assert.Equal(28, h.Kmh);
    }

    [Fact]
    public void Radar_ignores_payloads_of_other_kinds() =>
        Assert.Empty(Radar().Observe(At(0), new ThermalFrame(1, 1, [500f])));
}

public sealed class RobustSpeedTests
{
    [Fact]
    public void Steady_pass_gives_the_median() =>
        Assert.Equal(30.5, RobustSpeed.Of([(0, 30), (0.1, 31), (0.2, 29.5), (0.3, 31.5)]));

    [Fact]
    public void Single_spike_in_a_long_pass_is_dropped() =>
        Assert.Equal(18, RobustSpeed.Of([(0, 18), (0.1, 17.5), (0.2, 40), (0.3, 18.5), (0.4, 18), (0.5, 17.8)]), 1);

    [Fact]
    public void Accelerating_vehicle_gives_its_peak_not_its_mean()
    {
        var samples = Enumerable.Range(0, 20).Select(i => (i * 0.1, 20 + i * 1.0)).ToList();
        Assert.InRange(RobustSpeed.Of(samples), 37, 39);
    }

    [Fact]
    public void One_sample_is_the_speed() => Assert.Equal(42, RobustSpeed.Of([(0, 42)]));
}
