using Vigil.Actors.Zones;
using Vigil.Messages;
using Xunit;

namespace Vigil.Tests.Zones;

public sealed class ZoneStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static ZoneState Configured(string kind = ZoneKinds.Production, double cooldownS = 120) =>
        ZoneState.Empty("z1").Apply(new ZoneConfigured("z1", ZoneConfig.DefaultFor(kind, "z1") with { CooldownS = cooldownS }, T0));

    private static Hazard Hz(string type = HazardTypes.NoHelmet, string sensor = "cam-1", string? subject = "12", double seconds = 0, string severity = Severities.Warning, double? maxC = null) =>
        new(Hazard.MakeId(sensor, type, subject, T0.AddSeconds(seconds)), type, sensor, "z1", T0.AddSeconds(seconds), subject, MaxC: maxC, Severity: severity);

    private static ZoneState Fold(ZoneState s, IEnumerable<IAlarmEvent> events) => events.Aggregate(s, (acc, e) => acc.Apply(e));

    [Fact]
    public void New_hazard_raises_alarm_and_sounds_siren_and_strobe()
    {
        var events = Configured().Decide(Hz(), T0);

        var raised = Assert.IsType<AlarmRaised>(events[0]);
        Assert.Equal("a-000001@z1", raised.AlarmId);
        var commands = events.OfType<ActuatorCommanded>().Select(c => c.Command).ToList();
        Assert.Equal([ActuatorKinds.Siren, ActuatorKinds.Strobe], commands.Select(c => c.Kind));
        Assert.All(commands, c => Assert.Equal(("on", 30.0), (c.Action, c.DurationS!.Value)));
        Assert.Equal([1, 2, 3], events.Select(e => e.Version));
    }

    [Fact]
    public void Same_hazard_sensor_and_subject_within_cooldown_joins_the_open_alarm()
    {
        var s = Configured();
        s = Fold(s, s.Decide(Hz(seconds: 0), T0));
        var events = s.Decide(Hz(seconds: 30), T0.AddSeconds(30));

        var joined = Assert.Single(events);
        Assert.IsType<HazardJoined>(joined);
        s = Fold(s, events);
        Assert.Equal(2, Assert.Single(s.Open.Values).Hazards.Count);
    }

    [Fact]
    public void Other_subject_or_hazard_past_cooldown_raises_a_new_alarm()
    {
        var s = Configured(cooldownS: 60);
        s = Fold(s, s.Decide(Hz(subject: "12"), T0));
        s = Fold(s, s.Decide(Hz(subject: "13", seconds: 1), T0));
        s = Fold(s, s.Decide(Hz(subject: "12", seconds: 200), T0));

        Assert.Equal(3, s.Open.Count);
        Assert.Equal(4, s.NextAlarmSeq);
    }

    [Fact]
    public void Resent_hazard_changes_nothing_and_names_its_alarm()
    {
        var s = Configured();
        var hazard = Hz();
        s = Fold(s, s.Decide(hazard, T0));

        Assert.Empty(s.Decide(hazard, T0.AddSeconds(5)));
        Assert.Equal("a-000001@z1", s.AlarmOf(hazard.Id));
    }

    [Fact]
    public void Critical_hot_spot_opens_suppression_only_where_a_valve_is_configured()
    {
        var pit = Configured(ZoneKinds.ScrapPit);
        var critical = Hz(HazardTypes.HotSpot, "th-1", null, severity: Severities.Critical, maxC: 180);
        var warning = Hz(HazardTypes.HotSpot, "th-2", null, severity: Severities.Warning, maxC: 95);

        Assert.Contains(pit.Decide(critical, T0).OfType<ActuatorCommanded>(), c => c.Command is { Kind: ActuatorKinds.Suppression, Action: "open" });
        Assert.DoesNotContain(pit.Decide(warning, T0).OfType<ActuatorCommanded>(), c => c.Command.Kind == ActuatorKinds.Suppression);
        Assert.DoesNotContain(Configured(ZoneKinds.Production).Decide(critical, T0).OfType<ActuatorCommanded>(), c => c.Command.Kind == ActuatorKinds.Suppression);
    }

    [Fact]
    public void Escalation_climbs_the_ladder_until_acknowledged()
    {
        var s = Configured();
        s = Fold(s, s.Decide(Hz(), T0));
        var id = s.Open.Keys.Single();
        Assert.Equal(T0.AddSeconds(60), s.EscalationDueAt(id));

        s = Fold(s, s.DecideEscalation(id, 1, T0.AddSeconds(60)));
        Assert.Equal(1, s.Open[id].Level);
        Assert.Equal(T0.AddSeconds(180), s.EscalationDueAt(id));
        Assert.Empty(s.DecideEscalation(id, 1, T0.AddSeconds(61))); // a late duplicate timer fires nothing

        var (ack, _, _) = s.Decide(new AcknowledgeAlarm("z1", id, "ana", null), T0.AddSeconds(90));
        s = s.Apply(ack!);
        Assert.Null(s.EscalationDueAt(id));
        Assert.Empty(s.DecideEscalation(id, 2, T0.AddSeconds(180)));
    }

    [Fact]
    public void Lifecycle_raised_acknowledged_dispatched_resolved_with_who_did_what()
    {
        var s = Configured();
        s = Fold(s, s.Decide(Hz(), T0));
        var id = s.Open.Keys.Single();

        foreach (var cmd in new object[] { new AcknowledgeAlarm("z1", id, "ana", "seen"), new DispatchPatrol("z1", id, "ana", "patrol-2", null) })
        {
            var (e, code, error) = s.Decide(cmd, T0.AddSeconds(10));
            Assert.True(e is not null, $"{cmd.GetType().Name}: {code} {error}");
            s = s.Apply(e);
        }
        Assert.Equal(AlarmStates.Dispatched, s.Open[id].State);
        Assert.Equal("patrol-2", s.Open[id].Patrol);
        var (resolved, _, _) = s.Decide(new ResolveAlarm("z1", id, "ben", "helmet handed out"), T0.AddSeconds(20));
        var alarm = AlarmProjection.Apply(s.Open[id], resolved!);
        s = s.Apply(resolved!);

        Assert.Empty(s.Open);
        Assert.Equal(["raised", "actuator", "actuator", "acknowledged", "dispatched", "resolved"], alarm.Timeline.Select(t => t.Action));
        Assert.Equal("ben", alarm.Timeline[^1].By);
        Assert.Equal("helmet handed out", alarm.Timeline[^1].Detail);
    }

    [Fact]
    public void Commands_on_unknown_or_already_handled_alarms_are_refused_with_a_reason()
    {
        var s = Configured();
        s = Fold(s, s.Decide(Hz(), T0));
        var id = s.Open.Keys.Single();
        s = s.Apply(s.Decide(new AcknowledgeAlarm("z1", id, "ana", null), T0).Event!);

        Assert.Equal(Rejected.Conflict, s.Decide(new AcknowledgeAlarm("z1", id, "ana", null), T0).Code);
        Assert.Equal(Rejected.NotFound, s.Decide(new AcknowledgeAlarm("z1", "a-000099@z1", "ana", null), T0).Code);
        Assert.Equal(Rejected.Invalid, s.Decide(new ResolveAlarm("z1", id, " ", null), T0).Code);
        Assert.Equal(Rejected.Invalid, s.Decide(new DispatchPatrol("z1", id, "ana", "", null), T0).Code);
    }

    [Fact]
    public void Snapshot_round_trip_keeps_open_alarms_sequence_and_recent_hazards()
    {
        var s = Configured();
        var hazard = Hz();
        s = Fold(s, s.Decide(hazard, T0));

        var back = ZoneState.FromSnapshot("z1", s.ToSnapshot());

        Assert.Equal(s.NextAlarmSeq, back.NextAlarmSeq);
        Assert.Equal(s.Open.Keys, back.Open.Keys);
        Assert.Equal(s.AlarmOf(hazard.Id), back.AlarmOf(hazard.Id));
        Assert.Equal(T0, back.ChangedAt);
    }

    [Fact]
    public void Next_change_is_stamped_after_the_previous_one_even_when_the_clock_is_behind()
    {
        var s = Configured(); // configured at T0

        Assert.Equal(T0.AddSeconds(5), s.NextChangeAt(T0.AddSeconds(5)));
        Assert.Equal(T0.AddTicks(1), s.NextChangeAt(T0)); // the clock has not moved on
        Assert.Equal(T0.AddTicks(1), s.NextChangeAt(T0.AddSeconds(-3))); // another node's clock, behind
        var decommissioned = s.Apply(new ZoneDecommissioned("z1", "ops", s.NextChangeAt(T0.AddSeconds(-3))));
        Assert.Equal(T0.AddTicks(2), decommissioned.NextChangeAt(T0));
        Assert.Equal(T0, ZoneState.Empty("z1").NextChangeAt(T0));
    }

    [Fact]
    public void Unconfigured_zone_still_raises_alarms_with_default_actuators()
    {
        var events = ZoneState.Empty("z9").Decide(Hz() with { ZoneId = "z9" }, T0);
        Assert.IsType<AlarmRaised>(events[0]);
        Assert.Contains(events.OfType<ActuatorCommanded>(), c => c.Command.Kind == ActuatorKinds.Siren);
    }
}
