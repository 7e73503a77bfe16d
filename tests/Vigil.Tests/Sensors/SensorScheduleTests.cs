using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Vigil.Actors.Sensors;
using Xunit;

namespace Vigil.Tests.Sensors;

/// <summary>The watchdog's bookkeeping on Akka's virtual-time TestScheduler: at most one due message in flight.</summary>
public sealed class SensorScheduleTests() : TestKit(@"akka.scheduler.implementation = ""Akka.TestKit.TestScheduler, Akka.TestKit""")
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);
    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    [Fact]
    public void Arming_again_for_later_keeps_the_one_message_in_flight_which_then_waits_for_the_rest()
    {
        var schedule = new SensorSchedule();
        schedule.Seed();
        schedule.ArmWatchdog(Sys.Scheduler, TestActor, T0, TimeSpan.FromSeconds(10));
        schedule.ArmWatchdog(Sys.Scheduler, TestActor, T0.AddSeconds(5), TimeSpan.FromSeconds(15)); // due at +20 s

        Clock.Advance(TimeSpan.FromSeconds(10));
        var first = ExpectMsg<WatchdogDue>();
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Assert.False(schedule.OnDue(first, Sys.Scheduler, TestActor, T0.AddSeconds(10)), "not due yet: sent again for the rest");

        Clock.Advance(TimeSpan.FromSeconds(10));
        var second = ExpectMsg<WatchdogDue>();
        Assert.True(schedule.OnDue(second, Sys.Scheduler, TestActor, T0.AddSeconds(20)));
        Assert.Null(schedule.DueAt);
        Clock.Advance(TimeSpan.FromSeconds(60));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void A_disarmed_watchdogs_message_lapses_and_sends_nothing_more()
    {
        var schedule = new SensorSchedule();
        schedule.Seed();
        schedule.ArmWatchdog(Sys.Scheduler, TestActor, T0, TimeSpan.FromSeconds(10));
        schedule.StopClock();
        Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.False(schedule.OnDue(ExpectMsg<WatchdogDue>(), Sys.Scheduler, TestActor, T0.AddSeconds(10)));
        Clock.Advance(TimeSpan.FromSeconds(60));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));

        // Armed again afterwards: a fresh message, since none is in flight any more.
        schedule.ArmWatchdog(Sys.Scheduler, TestActor, T0.AddSeconds(70), TimeSpan.FromSeconds(5));
        Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True(schedule.OnDue(ExpectMsg<WatchdogDue>(), Sys.Scheduler, TestActor, T0.AddSeconds(75)));
    }

    [Fact]
    public void Arming_for_sooner_sends_a_new_message_and_the_older_one_lapses()
    {
        var schedule = new SensorSchedule();
        schedule.Seed();
        schedule.ArmWatchdog(Sys.Scheduler, TestActor, T0, TimeSpan.FromSeconds(30));
        schedule.ArmWatchdog(Sys.Scheduler, TestActor, T0, TimeSpan.FromSeconds(10));

        Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(schedule.OnDue(ExpectMsg<WatchdogDue>(), Sys.Scheduler, TestActor, T0.AddSeconds(10)));
        Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.False(schedule.OnDue(ExpectMsg<WatchdogDue>(), Sys.Scheduler, TestActor, T0.AddSeconds(30)), "the older arming's message");
    }

    [Fact]
    public void Ticking_disarms_the_watchdog()
    {
        var schedule = new SensorSchedule();
        schedule.Seed();
        schedule.ArmWatchdog(Sys.Scheduler, TestActor, T0, TimeSpan.FromSeconds(10));
        schedule.StartTicking(Sys.Scheduler, TestActor, TimeSpan.FromSeconds(1), "tick", TimeSpan.FromSeconds(5), "status");
        Assert.True(schedule.Ticking);
        Assert.Null(schedule.DueAt);
        Clock.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg("tick");
        schedule.CancelAll();
        Assert.False(schedule.Ticking);
    }
}
