using Vigil.Actors.Views;
using Vigil.Messages;
using Xunit;

namespace Vigil.Tests.Console;

public sealed class TrendsTableTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 15, 0, TimeSpan.Zero);

    private static Hazard H(string type, string sensor, string zone, string? subject = null, double? kmh = null) =>
        new($"h-{Guid.NewGuid():N}", type, sensor, zone, T0, subject, kmh);

    [Fact]
    public void Counts_hazards_by_type_zone_and_hour_and_times_to_acknowledge_and_resolve()
    {
        var t = new TrendsTable();
        t.Apply(new AlarmRaised("road", "a1", 1, T0, T0, H(HazardTypes.Overspeed, "radar-1", "road", "苏H1", 31)));
        t.Apply(new HazardJoined("road", "a1", 2, T0, H(HazardTypes.Overspeed, "radar-1", "road", "苏H1", 40)));
        t.Apply(new AlarmAcknowledged("road", "a1", 3, T0.AddSeconds(30), "olga", null));
        t.Apply(new AlarmResolved("road", "a1", 4, T0.AddSeconds(90), "olga", "stopped"));
        t.Apply(new AlarmRaised("bay", "a2", 1, T0.AddHours(2), T0.AddHours(2), H(HazardTypes.SeatbeltUnfastened, "fl-7", "bay")));
        t.Apply(new AlarmDispatched("bay", "a2", 2, T0.AddHours(2).AddSeconds(10), "olga", "p1", null));
        t.Apply(new AlarmRaised("bay", "a3", 1, T0.AddHours(2), T0.AddHours(2), H(HazardTypes.DriverFatigue, "fl-7", "bay")));
        // A redelivered event changes nothing.
        t.Apply(new AlarmAcknowledged("road", "a1", 3, T0.AddSeconds(30), "olga", null));

        var r = t.Query(T0.AddHours(-1), T0.AddHours(5), TimeSpan.FromHours(8));

        Assert.Equal(3, r.Alarms);
        Assert.Equal(4, r.Hazards);
        Assert.Equal(2, r.ByType[HazardTypes.Overspeed]);
        Assert.Equal(2, r.ByZone["bay"]);
        Assert.Equal(2, r.ByHourOfDay[16]); // 08:15 UTC is 16:15 at UTC+8
        Assert.Equal(2, r.ByHourOfDay[18]);
        Assert.Equal(2, r.Acknowledged);
        Assert.Equal(20, r.MeanTimeToAcknowledgeS); // (30 + 10) / 2; the dispatch acknowledged a2
        Assert.Equal(1, r.Resolved);
        Assert.Equal(90, r.MeanTimeToResolveS);
        Assert.Equal(("苏H1", 2, 40.0), r.TopPlates.Single());
        Assert.Equal(("fl-7", 1, 1), r.TopForklifts.Single());
    }

    [Fact]
    public void A_period_takes_only_the_hours_it_covers()
    {
        var t = new TrendsTable();
        t.Apply(new AlarmRaised("z", "a1", 1, T0, T0, H(HazardTypes.HotSpot, "th", "z")));
        t.Apply(new AlarmRaised("z", "a2", 1, T0.AddDays(1), T0.AddDays(1), H(HazardTypes.HotSpot, "th", "z")));
        Assert.Equal(1, t.Query(T0.AddDays(1).AddMinutes(-15), T0.AddDays(2), TimeSpan.Zero).Alarms);
        Assert.Equal(2, t.Query(T0.AddMinutes(-15), T0.AddDays(2), TimeSpan.Zero).Alarms);
        Assert.Null(t.Query(T0, T0.AddDays(2), TimeSpan.Zero).MeanTimeToAcknowledgeS);
    }

    [Fact]
    public void Unknown_plates_are_not_ranked()
    {
        var t = new TrendsTable();
        t.Apply(new AlarmRaised("road", "a1", 1, T0, T0, H(HazardTypes.Overspeed, "radar-1", "road", "unknown", 50)));
        Assert.Empty(t.Query(T0.AddHours(-1), T0.AddHours(1), TimeSpan.Zero).TopPlates);
    }

    [Fact]
    public void Uptime_is_the_share_of_observed_time_online()
    {
        var u = new UptimeTable();
        u.Apply("cam-1", SensorHealth.Unknown, T0);
        Assert.Null(u.Uptime("cam-1", T0.AddMinutes(5)).Percent);
        u.Apply("cam-1", SensorHealth.Online, T0.AddMinutes(5));
        u.Apply("cam-1", SensorHealth.Offline, T0.AddMinutes(95));
        u.Apply("cam-1", SensorHealth.Online, T0.AddMinutes(105));
        var (pct, observed) = u.Uptime("cam-1", T0.AddMinutes(105));
        Assert.Equal(90.0, pct!.Value, 6);
        Assert.Equal(6000, observed, 6);
        Assert.Equal(95.0, u.Uptime("cam-1", T0.AddMinutes(205)).Percent!.Value, 6); // online since
        Assert.Null(u.Uptime("nobody", T0).Percent);
    }
}
