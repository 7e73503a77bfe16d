#nullable enable
using Vigil.Messages;
using Xunit;
using static Vigil.Tests.Sensors.Given;

namespace Vigil.Tests.Sensors;

public sealed class ThermalEngineTests
{
    /// <summary>A hot spot centred on one cell, its heat spreading to the 4 neighbours (70 % of the excess) as real heat does.</summary>
    private static ThermalFrame Hot(float c, int index = 40)
    {
        var spread = 25 + 0.7f * (c - 25);
        return ThermalFrame(25, (index, c), (index - 1, spread), (index + 1, spread), (index - 16, spread), (index + 16, spread));
    }

    /// <summary>One pixel alone.</summary>
    private static ThermalFrame Pixel(float c, int index) => ThermalFrame(25, (index, c));

    [Fact]
    public void Thermal_two_consecutive_frames_over_alarm_raise_hot_spot()
    {
        var thermal = Thermal();
        Assert.Empty(thermal.Observe(At(0), Hot(95)));
        var h = Assert.Single(thermal.Observe(At(1), Hot(97, index: 41)));

        Assert.Equal(HazardTypes.HotSpot, h.Type);
        Assert.Equal(97, h.MaxC);
        Assert.Equal(Severities.Warning, h.Severity);
        Assert.Equal(At(1), h.T);
        Assert.Equal("th-1", h.SensorId);
        Assert.Equal("pit-1", h.ZoneId);
        Assert.Null(h.Subject);
        Assert.Equal(Hazard.MakeId("th-1", HazardTypes.HotSpot, null, At(1)), h.Id);
    }

    [Fact]
    public void Thermal_single_frame_glitch_never_alarms()
    {
        var thermal = Thermal();
        var hazards = Feed(thermal,
            (0, ThermalFrame()), (1, Pixel(500, 3)), (2, ThermalFrame()), (3, ThermalFrame()),
            (4, Pixel(650, 100)), (5, ThermalFrame()), (6, Pixel(300, 7)));
        Assert.Empty(hazards);
    }

    [Fact]
    public void Thermal_stuck_hot_pixel_never_alarms()
    {
        var thermal = Thermal();
        var frames = Enumerable.Range(0, 30).Select(i => ((double)i, (ReadingPayload)Pixel(300, 50))).ToArray();
        Assert.Empty(Feed(thermal, frames));
    }

    [Fact]
    public void Thermal_known_hot_object_below_the_alarm_never_alarms()
    {
        var thermal = Thermal();
        var frames = Enumerable.Range(0, 120).Select(i => ((double)i, (ReadingPayload)Hot(76 + (i % 3), 60))).ToArray();
        Assert.Empty(Feed(thermal, frames));
    }

    [Fact]
    public void Thermal_region_of_two_cells_over_the_alarm_is_real_without_spread()
    {
        var thermal = Thermal();
        var h = Assert.Single(Feed(thermal, (0, ThermalFrame(25, (70, 95), (71, 90))), (1, ThermalFrame(25, (70, 96), (71, 91)))));
        Assert.Equal(96, h.MaxC);
    }

    [Fact]
    public void Thermal_steady_rise_confirms_on_the_first_frame_over_the_alarm()
    {
        var thermal = Thermal();
        // 30 °C/min from 55 °C: over 80 °C at 51 s.
        var frames = Enumerable.Range(0, 60).Select(i => ((double)i, (ReadingPayload)Hot(55 + i * 0.5f))).ToArray();
        var h = Assert.Single(Feed(thermal, frames));
        Assert.Equal(At(51), h.T);
        Assert.StartsWith("rising", h.Detail);
    }

    [Fact]
    public void Thermal_at_or_above_critical_is_critical()
    {
        var thermal = Thermal();
        var h = Assert.Single(Feed(thermal, (0, Hot(110)), (1, Hot(120))));
        Assert.Equal(Severities.Critical, h.Severity);
        Assert.Equal(120, h.MaxC);
    }

    [Fact]
    public void Thermal_thresholds_come_from_config()
    {
        var thermal = Thermal(new SensorConfig { AlarmC = 60, CriticalC = 70 });
        var h = Assert.Single(Feed(thermal, (0, Hot(65)), (1, Hot(71))));
        Assert.Equal(Severities.Critical, h.Severity);
        Assert.Empty(Feed(Thermal(), (0, Hot(65)), (1, Hot(71))));
    }

    [Fact]
    public void Thermal_hot_spot_is_reported_once_per_episode()
    {
        var thermal = Thermal();
        var frames = Enumerable.Range(0, 20).Select(i => ((double)i, (ReadingPayload)Hot(90 + i))).ToArray();
        var h = Assert.Single(Feed(thermal, frames));
        Assert.Equal(At(1), h.T);
    }

    [Fact]
    public void Thermal_re_arms_only_after_two_frames_below_alarm_minus_hysteresis()
    {
        var thermal = Thermal();
        Assert.Single(Feed(thermal, (0, Hot(90)), (1, Hot(90))));
        // Just under the alarm (not 5 °C under) and a single cool frame: still the same episode.
        Assert.Empty(Feed(thermal, (2, Hot(78)), (3, Hot(78)), (4, Hot(90)), (5, Hot(90)), (6, Hot(70)), (7, Hot(90)), (8, Hot(90))));
        Assert.Empty(Feed(thermal, (9, Hot(70)), (10, Hot(74))));

        var again = Assert.Single(Feed(thermal, (11, Hot(85)), (12, Hot(88))));
        Assert.Equal(At(12), again.T);
        Assert.Equal(88, again.MaxC);
    }

    [Fact]
    public void Thermal_dead_pixels_are_ignored()
    {
        var thermal = Thermal();
        var dead = ThermalFrame(25, (5, float.NaN), (6, float.PositiveInfinity));
        Assert.Empty(Feed(thermal, (0, dead), (1, dead), (2, dead)));
    }
}
