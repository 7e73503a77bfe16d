using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Vigil.Actors.Sensors;
using Vigil.Messages;
using Vigil.Tests.Support;
using Xunit;

namespace Vigil.Tests.Sensors;

public sealed class SensorActorTests() : TestKit(TestConfigs.InMemoryPersistence)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly ZoneContext Pit = new(ZoneKinds.ScrapPit, null);

    private (IActorRef Sensor, TestProbe Zones, TestProbe Status) Start(string id, SensorActorSettings? settings = null)
    {
        var zones = CreateTestProbe();
        var status = CreateTestProbe();
        var sensor = Sys.ActorOf(SensorActor.Props(id, zones, status, settings ?? new SensorActorSettings(SensorClockMode.Event, ResendInterval: TimeSpan.FromMilliseconds(200))));
        return (sensor, zones, status);
    }

    private static SensorReading Frame(string id, double seconds, float max) =>
        new(id, T0.AddSeconds(seconds), new ThermalFrame(4, 1, [25f, 25f, max - 5, max]));

    [Fact]
    public void Sensors_run_on_the_compact_mailbox()
    {
        Assert.Equal(CompactMailbox.ConfigPath, SensorActor.Props("a", TestActor, TestActor, new SensorActorSettings(SensorClockMode.Event)).Mailbox);
    }

    [Fact]
    public void Registered_thermal_sensor_reports_a_confirmed_hot_spot_to_its_zone()
    {
        var (sensor, zones, _) = Start("th-1");
        sensor.Tell(new RegisterSensor("th-1", SensorKinds.Thermal, "pit-1", SensorConfig.Empty, Pit));
        ExpectMsg<Accepted>(Generous);

        sensor.Tell(Frame("th-1", 0, 95));
        ExpectMsg<Accepted>(Generous);
        zones.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // one frame over the threshold is not yet a hazard
        sensor.Tell(Frame("th-1", 1, 97));
        ExpectMsg<Accepted>(Generous);

        var report = zones.ExpectMsg<ReportHazard>(Generous);
        Assert.Equal(("pit-1", HazardTypes.HotSpot, 97.0), (report.ZoneId, report.Hazard.Type, report.Hazard.MaxC!.Value));
        Assert.Equal(T0.AddSeconds(1), report.Hazard.T);
    }

    [Fact]
    public void Hazard_is_resent_until_the_zone_accepts_it()
    {
        var (sensor, zones, _) = Start("th-2");
        sensor.Tell(new RegisterSensor("th-2", SensorKinds.Thermal, "pit-1", SensorConfig.Empty, Pit));
        ExpectMsg<Accepted>(Generous);
        sensor.Tell(Frame("th-2", 0, 150));
        sensor.Tell(Frame("th-2", 1, 150));

        var first = zones.ExpectMsg<ReportHazard>(Generous);
        var again = zones.ExpectMsg<ReportHazard>(Generous);
        Assert.Equal(first.Hazard.Id, again.Hazard.Id);

        zones.Reply(new HazardAccepted("pit-1", first.Hazard.Id, "a-000001@pit-1"));
        // A resend already on its way when the ack landed may still arrive; after that, silence.
        sensor.Tell(new GetSensor("th-2"));
        FishForMessage<SensorInfo>(_ => true, Generous);
        zones.ReceiveWhile(TimeSpan.FromMilliseconds(100), m => m as ReportHazard);
        zones.ExpectNoMsg(TimeSpan.FromMilliseconds(700));
    }

    [Fact]
    public void A_zones_new_context_keeps_the_sensors_own_config_and_never_brings_a_decommissioned_sensor_back()
    {
        var (sensor, _, _) = Start("th-ctx");
        var config = new SensorConfig { ExpectedIntervalS = 600, AlarmC = 90 };
        sensor.Tell(new RegisterSensor("th-ctx", SensorKinds.Thermal, "pit-1", config, Pit));
        var registered = ExpectMsg<Accepted>(Generous).At;

        sensor.Tell(new UpdateZoneContext("th-ctx", "pit-1", Pit));
        Assert.Equal(registered, ExpectMsg<Accepted>(Generous).At); // the same context: nothing changes
        sensor.Tell(new UpdateZoneContext("th-ctx", "elsewhere", Pit with { SpeedLimitKmh = 5 }));
        Assert.Equal(Rejected.Conflict, ExpectMsg<Rejected>(Generous).Code);
        sensor.Tell(new UpdateZoneContext("th-ctx", "pit-1", Pit with { SpeedLimitKmh = 5 }));
        Assert.True(ExpectMsg<Accepted>(Generous).At > registered);
        sensor.Tell(new GetSensor("th-ctx"));
        var info = ExpectMsg<SensorInfo>(Generous);
        Assert.Equal((600.0, 90.0), (info.Config.ExpectedIntervalS, info.Config.AlarmC));

        sensor.Tell(new DecommissionSensor("th-ctx", "ops"));
        ExpectMsg<Accepted>(Generous);
        sensor.Tell(new UpdateZoneContext("th-ctx", "pit-1", Pit with { SpeedLimitKmh = 7 }));
        Assert.Equal(Rejected.NotFound, ExpectMsg<Rejected>(Generous).Code);
        sensor.Tell(new GetSensor("th-ctx"));
        Assert.True(ExpectMsg<SensorInfo>(Generous).Decommissioned);
    }

    [Fact]
    public void Hazards_the_zone_has_not_acknowledged_go_with_the_sensor_when_it_is_handed_off()
    {
        var (sensor, zones, _) = Start("th-3", new SensorActorSettings(SensorClockMode.Event, ResendInterval: TimeSpan.FromMinutes(5)));
        sensor.Tell(new RegisterSensor("th-3", SensorKinds.Thermal, "pit-1", SensorConfig.Empty, Pit));
        ExpectMsg<Accepted>(Generous);
        sensor.Tell(Frame("th-3", 0, 150));
        sensor.Tell(Frame("th-3", 1, 150));
        ExpectMsg<Accepted>(Generous);
        ExpectMsg<Accepted>(Generous);
        var lost = zones.ExpectMsg<ReportHazard>(Generous); // the zone never answers: as if it was moving too

        Watch(sensor);
        sensor.Tell(StopSensor.Instance);
        ExpectTerminated(sensor, Generous);

        // The same sensor starts on its new node: it sends the hazard again, at once.
        var (moved, zonesThere, _) = Start("th-3", new SensorActorSettings(SensorClockMode.Event, ResendInterval: TimeSpan.FromMinutes(5)));
        var resent = zonesThere.ExpectMsg<ReportHazard>(Generous);
        Assert.Equal(lost.Hazard, resent.Hazard);
        zonesThere.Reply(new HazardAccepted("pit-1", resent.Hazard.Id, "a-000001@pit-1"));
        moved.Tell(new FlushSensor("th-3"));
        ExpectMsg<SensorFlushed>(Generous);

        // Acknowledged now: the next start (a plain stop, then a restart) has nothing to resend.
        Watch(moved);
        moved.Tell(StopSensor.Instance);
        ExpectTerminated(moved, Generous);
        var (again, zonesLater, _) = Start("th-3");
        again.Tell(new GetSensor("th-3"));
        Assert.True(ExpectMsg<SensorInfo>(Generous).Registered);
        zonesLater.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void Unregistered_sensor_and_wrong_kind_readings_are_refused_and_counted()
    {
        var (sensor, zones, _) = Start("cam-9");
        sensor.Tell(Frame("cam-9", 0, 20));
        Assert.Equal(Rejected.NotFound, ExpectMsg<Rejected>(Generous).Code);

        var (camera, _, _) = Start("cam-10");
        camera.Tell(new RegisterSensor("cam-10", SensorKinds.Camera, "m-1", SensorConfig.Empty, new ZoneContext(ZoneKinds.Production, null)));
        ExpectMsg<Accepted>(Generous);
        camera.Tell(Frame("cam-10", 0, 20));
        var rejected = ExpectMsg<Rejected>(Generous);
        Assert.Equal(Rejected.Invalid, rejected.Code);
        Assert.Contains("camera", rejected.Reason);
        camera.Tell(new GetSensor("cam-10"));
        var info = ExpectMsg<SensorInfo>(Generous);
        Assert.Equal((0L, 1L), (info.Readings, info.Rejected));
        zones.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Silence_past_the_expected_interval_is_reported_offline_on_event_time_and_status_published()
    {
        var (sensor, zones, status) = Start("th-3");
        sensor.Tell(new RegisterSensor("th-3", SensorKinds.Thermal, "pit-1", new SensorConfig { ExpectedIntervalS = 5 }, Pit));
        ExpectMsg<Accepted>(Generous);
        sensor.Tell(Frame("th-3", 0, 20));
        ExpectMsg<Accepted>(Generous);
        status.FishForMessage<SensorStatusChanged>(s => s.Health == SensorHealth.Online, Generous);

        sensor.Tell(new AdvanceClock("th-3", T0.AddSeconds(4)));
        sensor.Tell(new AdvanceClock("th-3", T0.AddSeconds(6)));

        var offline = zones.ExpectMsg<ReportHazard>(Generous).Hazard;
        Assert.Equal(HazardTypes.SensorOffline, offline.Type);
        status.FishForMessage<SensorStatusChanged>(s => s.Health == SensorHealth.Offline, Generous);

        sensor.Tell(Frame("th-3", 7, 20));
        ExpectMsg<Accepted>(Generous);
        status.FishForMessage<SensorStatusChanged>(s => s.Health == SensorHealth.Online, Generous);
    }

    [Fact]
    public void On_the_live_clock_a_quiet_sensor_is_reported_offline_by_its_watchdog_alone()
    {
        var live = new SensorActorSettings(SensorClockMode.Wall, ResendInterval: TimeSpan.FromMinutes(5), QuietAfterInterval: TimeSpan.FromMilliseconds(300));
        // Never heard from: offline one interval after it was registered.
        var (silent, zones, status) = Start("th-8", live);
        silent.Tell(new RegisterSensor("th-8", SensorKinds.Thermal, "pit-1", new SensorConfig { ExpectedIntervalS = 1 }, Pit));
        ExpectMsg<Accepted>(Generous);
        var never = zones.ExpectMsg<ReportHazard>(Generous).Hazard;
        Assert.Equal((HazardTypes.SensorOffline, "never read"), (never.Type, never.Detail));
        silent.Tell(new HazardAccepted("pit-1", never.Id, "a-000001@pit-1"));

        // Reported once: no second report while it stays silent, though its watchdog had been armed.
        zones.ExpectNoMsg(TimeSpan.FromMilliseconds(1200));

        // A reading brings it back; quiet again, the clock stops after 300 ms and the watchdog alone reports the
        // silence, one interval (1 s) after the reading.
        var t = DateTimeOffset.UtcNow;
        silent.Tell(new SensorReading("th-8", t, new ThermalFrame(2, 1, [20f, 21f])));
        ExpectMsg<Accepted>(Generous);
        status.FishForMessage<SensorStatusChanged>(s => s.Health == SensorHealth.Online, Generous);
        var again = zones.ExpectMsg<ReportHazard>(Generous).Hazard;
        Assert.Equal(HazardTypes.SensorOffline, again.Type);
        Assert.Equal(t.AddSeconds(1), again.T);
        status.FishForMessage<SensorStatusChanged>(s => s.Health == SensorHealth.Offline, Generous);
    }

    [Fact]
    public void Registration_survives_a_restart_and_decommission_takes_the_sensor_out_of_service()
    {
        var (first, zones, status) = Start("fl-1");
        first.Tell(new RegisterSensor("fl-1", SensorKinds.Forklift, "bay-1", SensorConfig.Empty, new ZoneContext(ZoneKinds.Logistics, 10)));
        ExpectMsg<Accepted>(Generous);
        Watch(first);
        first.Tell(PoisonPill.Instance);
        ExpectTerminated(first, Generous);

        var second = Sys.ActorOf(SensorActor.Props("fl-1", zones, status, new SensorActorSettings(SensorClockMode.Event)));
        second.Tell(new GetSensor("fl-1"));
        var info = ExpectMsg<SensorInfo>(Generous);
        Assert.True(info.Registered);
        Assert.Equal(("forklift", "bay-1"), (info.Kind, info.ZoneId));

        second.Tell(new RegisterSensor("fl-1", SensorKinds.Camera, "bay-1", SensorConfig.Empty, new ZoneContext(ZoneKinds.Logistics, 10)));
        Assert.Equal(Rejected.Conflict, ExpectMsg<Rejected>(Generous).Code);

        second.Tell(new DecommissionSensor("fl-1", "ops"));
        ExpectMsg<Accepted>(Generous);
        second.Tell(new SensorReading("fl-1", T0, new ForkliftTelemetry(5, false)));
        Assert.Contains("decommissioned", ExpectMsg<Rejected>(Generous).Reason);
    }
}
