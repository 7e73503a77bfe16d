using Vigil.Actors.Sensors;
using Xunit;

namespace Vigil.Tests.Sensors;

public sealed class LiveClockTests
{
    private static readonly DateTimeOffset Wall = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Runs_on_the_devices_time_carried_forward_by_the_wall_and_a_late_reading_never_moves_it_back()
    {
        var clock = new LiveClock();
        Assert.Equal(Wall, clock.Now(Wall));

        var device = Wall.AddMinutes(-3); // a device clock three minutes slow
        clock.Observe(device, Wall);
        Assert.Equal(device.AddSeconds(2), clock.Now(Wall.AddSeconds(2)));

        clock.Observe(device.AddSeconds(-10), Wall.AddSeconds(3)); // late
        Assert.Equal(device.AddSeconds(4), clock.Now(Wall.AddSeconds(4)));
        Assert.Equal(Wall.AddSeconds(3), clock.LastArrival);

        clock.Observe(device.AddSeconds(5), Wall.AddSeconds(5)); // in order: re-anchored
        Assert.Equal(device.AddSeconds(6), clock.Now(Wall.AddSeconds(6)));
    }
}
