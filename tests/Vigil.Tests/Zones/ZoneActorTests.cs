using Akka.Actor;
using Akka.TestKit.Xunit2;
using Vigil.Actors.Zones;
using Vigil.Messages;
using Vigil.Tests.Support;
using Xunit;

namespace Vigil.Tests.Zones;

public sealed class ZoneActorTests() : TestKit(TestConfigs.InMemoryPersistence)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    private static Hazard Hz(string subject = "12", double seconds = 0) =>
        new(Hazard.MakeId("cam-1", HazardTypes.NoHelmet, subject, DateTimeOffset.UnixEpoch.AddSeconds(seconds)), HazardTypes.NoHelmet, "cam-1", "z1",
            DateTimeOffset.UnixEpoch.AddSeconds(seconds), subject);

    private (IActorRef Zone, Akka.TestKit.TestProbe Actuators, Akka.TestKit.TestProbe Changes) StartZone(string zoneId, ZoneConfig? config = null)
    {
        var actuators = CreateTestProbe();
        var changes = CreateTestProbe();
        var zone = Sys.ActorOf(ZoneActor.Props(zoneId, actuators, changes), zoneId + "-" + Guid.NewGuid().ToString("N")[..6]);
        if (config is not null)
        {
            zone.Tell(new ConfigureZone(zoneId, config));
            ExpectMsg<Accepted>(Generous);
        }
        return (zone, actuators, changes);
    }

    [Fact]
    public void Hazard_raises_alarm_commands_actuators_and_publishes_each_change()
    {
        var (zone, actuators, changes) = StartZone("z1", ZoneConfig.DefaultFor(ZoneKinds.Production, "z1"));

        zone.Tell(new ReportHazard("z1", Hz()));

        var accepted = ExpectMsg<HazardAccepted>(Generous);
        Assert.Equal("a-000001@z1", accepted.AlarmId);
        Assert.Equal(ActuatorKinds.Siren, actuators.ExpectMsg<ActuatorCommand>(Generous).Kind);
        Assert.Equal(ActuatorKinds.Strobe, actuators.ExpectMsg<ActuatorCommand>(Generous).Kind);
        var raised = changes.ExpectMsg<AlarmChanged>(Generous);
        Assert.Equal(("raised", AlarmStates.Raised), (raised.Change, raised.Alarm.State));
        Assert.Equal(Hz().Id, raised.Hazard!.Id);
    }

    [Fact]
    public void Unacknowledged_alarm_escalates_and_acknowledging_stops_the_ladder()
    {
        // Level 2 far enough after level 1 that the acknowledgement lands first on a loaded machine.
        var config = ZoneConfig.DefaultFor(ZoneKinds.Production, "z2") with { Escalation = [new(0.2, "supervisor"), new(4.0, "officer")] };
        var (zone, _, changes) = StartZone("z2", config);
        zone.Tell(new ReportHazard("z2", Hz() with { ZoneId = "z2" }));
        var alarmId = ExpectMsg<HazardAccepted>(Generous).AlarmId;

        var escalated = changes.FishForMessage<AlarmChanged>(c => c.Change == "escalated", Generous);
        Assert.Equal(1, escalated.Alarm.Level);

        zone.Tell(new AcknowledgeAlarm("z2", alarmId, "ana", "on my way"));
        var acked = ExpectMsg<AlarmCommandAccepted>(Generous).Alarm;
        Assert.Equal((AlarmStates.Acknowledged, 1), (acked.State, acked.Level));
        changes.FishForMessage<AlarmChanged>(c => c.Change == "acknowledged", Generous);
        // Level 2 was due 4 s after raising; waiting past it must bring no escalation.
        changes.ExpectNoMsg(TimeSpan.FromSeconds(4.5));
    }

    [Fact]
    public void Recovered_zone_keeps_open_alarms_and_rearms_escalation()
    {
        var config = ZoneConfig.DefaultFor(ZoneKinds.Production, "z3") with { Escalation = [new(1.0, "supervisor")] };
        var actuators = CreateTestProbe();
        var changes = CreateTestProbe();
        var first = Sys.ActorOf(ZoneActor.Props("z3", actuators, changes));
        first.Tell(new ConfigureZone("z3", config));
        ExpectMsg<Accepted>(Generous);
        first.Tell(new ReportHazard("z3", Hz() with { ZoneId = "z3" }));
        var alarmId = ExpectMsg<HazardAccepted>(Generous).AlarmId;
        Watch(first);
        first.Tell(PoisonPill.Instance);
        ExpectTerminated(first, Generous);

        var second = Sys.ActorOf(ZoneActor.Props("z3", actuators, changes));
        second.Tell(new GetZone("z3"));
        var info = ExpectMsg<ZoneInfo>(Generous);
        Assert.Equal(alarmId, Assert.Single(info.OpenAlarms).Id);

        var escalated = changes.FishForMessage<AlarmChanged>(c => c.Change == "escalated", Generous);
        Assert.Equal(alarmId, escalated.Alarm.Id);

        // A resent hazard after the restart is recognised, not raised again.
        second.Tell(new ReportHazard("z3", Hz() with { ZoneId = "z3" }));
        Assert.Equal(alarmId, ExpectMsg<HazardAccepted>(Generous).AlarmId);
        second.Tell(new GetZone("z3"));
        Assert.Single(ExpectMsg<ZoneInfo>(Generous).OpenAlarms);
    }

    [Fact]
    public void Operator_commands_are_refused_with_reasons()
    {
        var (zone, _, _) = StartZone("z4", ZoneConfig.DefaultFor(ZoneKinds.Road, "z4"));
        zone.Tell(new AcknowledgeAlarm("z4", "a-000042@z4", "ana", null));
        Assert.Equal(Rejected.NotFound, ExpectMsg<Rejected>(Generous).Code);

        zone.Tell(new ReportHazard("z4", Hz() with { ZoneId = "z4" }));
        var alarmId = ExpectMsg<HazardAccepted>(Generous).AlarmId;
        zone.Tell(new ResolveAlarm("z4", alarmId, "ana", "done"));
        Assert.Equal(AlarmStates.Resolved, ExpectMsg<AlarmCommandAccepted>(Generous).Alarm.State);
        zone.Tell(new DispatchPatrol("z4", alarmId, "ana", "p1", null));
        Assert.Equal(Rejected.NotFound, ExpectMsg<Rejected>(Generous).Code);

        zone.Tell(new ReportHazard("z4", Hz() with { ZoneId = "elsewhere" }));
        Assert.Equal(Rejected.Invalid, ExpectMsg<Rejected>(Generous).Code);
    }

    [Fact]
    public void Zone_with_open_alarms_cannot_be_decommissioned()
    {
        var (zone, _, _) = StartZone("z5", ZoneConfig.DefaultFor(ZoneKinds.Production, "z5"));
        zone.Tell(new ReportHazard("z5", Hz() with { ZoneId = "z5" }));
        var alarmId = ExpectMsg<HazardAccepted>(Generous).AlarmId;

        zone.Tell(new DecommissionZone("z5", "ops"));
        Assert.Equal(Rejected.Conflict, ExpectMsg<Rejected>(Generous).Code);

        zone.Tell(new ResolveAlarm("z5", alarmId, "ana", null));
        ExpectMsg<AlarmCommandAccepted>(Generous);
        zone.Tell(new DecommissionZone("z5", "ops"));
        ExpectMsg<Accepted>(Generous);
    }

    [Fact]
    public void Each_change_of_a_zone_is_stamped_after_the_previous_one_also_after_recovery()
    {
        var config = ZoneConfig.DefaultFor(ZoneKinds.Production, "z6");
        var actuators = CreateTestProbe();
        var changes = CreateTestProbe();
        var first = Sys.ActorOf(ZoneActor.Props("z6", actuators, changes));
        var stamps = new List<DateTimeOffset>();
        DateTimeOffset Stamp(IActorRef zone, object command)
        {
            zone.Tell(command);
            return ExpectMsg<Accepted>(Generous).At!.Value;
        }
        stamps.Add(Stamp(first, new ConfigureZone("z6", config)));
        stamps.Add(Stamp(first, new ConfigureZone("z6", config with { CooldownS = 30 })));
        Assert.Equal(stamps[^1], Stamp(first, new ConfigureZone("z6", config with { CooldownS = 30 }))); // nothing changed
        stamps.Add(Stamp(first, new DecommissionZone("z6", "ops")));
        Watch(first);
        first.Tell(PoisonPill.Instance);
        ExpectTerminated(first, Generous);

        var second = Sys.ActorOf(ZoneActor.Props("z6", actuators, changes));
        stamps.Add(Stamp(second, new ConfigureZone("z6", config))); // configured again under the same id

        for (var i = 1; i < stamps.Count; i++)
            Assert.True(stamps[i] > stamps[i - 1], $"change {i} at {stamps[i]:O} is not after {stamps[i - 1]:O}");
    }
}
