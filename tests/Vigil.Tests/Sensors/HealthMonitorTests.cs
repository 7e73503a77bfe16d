#nullable enable
using Vigil.Actors.Sensors;
using Vigil.Messages;
using Xunit;
using static Vigil.Tests.Sensors.Given;

namespace Vigil.Tests.Sensors;

public sealed class HealthMonitorTests
{
    private static HealthMonitor Monitor(string kind = SensorKinds.Camera, SensorConfig? config = null) =>
        new("cam-1", kind, "zone-a", config ?? SensorConfig.Empty);

    [Fact]
    public void Health_camera_silent_past_10s_is_offline_once_stamped_when_it_went_silent()
    {
        var health = Monitor();
        Assert.False(health.Observe(At(0)));
        Assert.True(health.IsOnline);
        Assert.Null(health.Check(At(10)));

        var h = health.Check(At(10.5));
        Assert.NotNull(h);
        Assert.Equal(HazardTypes.SensorOffline, h.Type);
        Assert.Equal(("cam-1", "zone-a"), (h.SensorId, h.ZoneId));
        Assert.Equal(At(10), h.T);
        Assert.Null(h.Subject);
        Assert.Equal(Hazard.MakeId("cam-1", HazardTypes.SensorOffline, null, At(10)), h.Id);
        Assert.False(health.IsOnline);

        Assert.Null(health.Check(At(30)));
        Assert.Null(health.Check(At(300)));
    }

    [Fact]
    public void Health_sensor_back_online_is_reported_and_a_new_silence_is_offline_again()
    {
        var health = Monitor();
        health.Observe(At(0));
        Assert.NotNull(health.Check(At(11)));

        Assert.True(health.Observe(At(25)));
        Assert.True(health.IsOnline);
        Assert.False(health.Observe(At(26)));
        Assert.Equal(At(26), health.LastReadingAt);

        Assert.Equal(At(36), health.Check(At(40))?.T);
    }

    [Theory]
    [InlineData(SensorKinds.Camera, 10)]
    [InlineData(SensorKinds.Radar, 900)]
    [InlineData(SensorKinds.Thermal, 60)]
    [InlineData(SensorKinds.Forklift, 60)]
    public void Health_default_interval_depends_on_kind(string kind, double seconds)
    {
        var health = Monitor(kind);
        health.Observe(At(0));
        Assert.Null(health.Check(At(seconds)));
        Assert.Equal(At(seconds), health.Check(At(seconds + 0.001))?.T);
    }

    [Fact]
    public void Health_expected_interval_comes_from_config()
    {
        var health = Monitor(SensorKinds.Radar, new SensorConfig { ExpectedIntervalS = 5 });
        health.Observe(At(0));
        Assert.Equal(At(5), health.Check(At(6))?.T);
    }

    [Fact]
    public void Health_sensor_never_heard_from_is_offline_one_interval_after_watching_began()
    {
        var health = Monitor();
        Assert.Null(health.Check(At(100)));
        Assert.False(health.IsOnline);
        Assert.Null(health.LastReadingAt);
        Assert.Null(health.Check(At(110)));

        Assert.Equal(At(110), health.Check(At(112))?.T);
        Assert.True(health.Observe(At(113)));
    }

    [Fact]
    public void Health_late_reading_does_not_move_the_clock_back()
    {
        var health = Monitor();
        health.Observe(At(5));
        health.Observe(At(3));
        Assert.Equal(At(5), health.LastReadingAt);
        Assert.Null(health.Check(At(14)));
    }
}

public sealed class SensorUptimeTests
{
    [Fact]
    public void Uptime_counts_silences_past_the_interval_as_down_time()
    {
        var health = new Vigil.Actors.Sensors.HealthMonitor("cam-1", Vigil.Messages.SensorKinds.Camera, "zone-a", new Vigil.Messages.SensorConfig { ExpectedIntervalS = 10 });
        Assert.Null(health.UptimePct);

        for (var s = 0; s <= 100; s++)
            health.Observe(Given.At(s));
        Assert.Equal(100, health.UptimePct);

        // Silent from 100 s to 150 s: 10 s of it is normal, 40 s is down; 150 s of event time in all.
        health.Check(Given.At(150));
        Assert.Equal(100 * 110 / 150.0, health.UptimePct!.Value, 3);
        health.Observe(Given.At(150));
        for (var s = 151; s <= 250; s++)
            health.Observe(Given.At(s));
        Assert.Equal(100 * 210 / 250.0, health.UptimePct!.Value, 3);
    }
}
