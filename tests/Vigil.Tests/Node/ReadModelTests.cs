using System.Collections.Immutable;
using Vigil.Actors.Views;
using Vigil.Messages;
using Xunit;

namespace Vigil.Tests.Node;

public sealed class ReadModelTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    private static Alarm Alarm(string id, string state, int version) => new(
        id, "z1", state, 0, T, T, T.AddMinutes(version), [], [], ImmutableList<TimelineEntry>.Empty, version);

    [Fact]
    public void Keeps_every_open_alarm_and_only_the_newest_resolved_ones()
    {
        var model = new ReadModel(keepResolved: 2);
        model.Upsert(Alarm("a-open", AlarmStates.Raised, 1), "raised", null);
        foreach (var id in new[] { "a-1", "a-2", "a-3" })
        {
            model.Upsert(Alarm(id, AlarmStates.Raised, 1), "raised", null);
            model.Upsert(Alarm(id, AlarmStates.Resolved, 2), "resolved", null);
        }

        Assert.Equal(["a-2", "a-3", "a-open"], model.Alarms.Select(a => a.Id).Order());
        Assert.Null(model.Alarm("a-1"));
    }

    [Fact]
    public void A_resolved_alarm_seen_twice_counts_once()
    {
        var model = new ReadModel(keepResolved: 2);
        model.Upsert(Alarm("a-1", AlarmStates.Resolved, 2), "resolved", null);
        model.Upsert(Alarm("a-1", AlarmStates.Resolved, 3), "changed", null); // a later change of a resolved alarm
        model.Upsert(Alarm("a-2", AlarmStates.Resolved, 2), "resolved", null);

        Assert.Equal(["a-1", "a-2"], model.Alarms.Select(a => a.Id).Order());
    }

    // ---------------- alarms: each (alarm, version) once, never an evicted one back ----------------

    private static List<string> Heard(ReadModel model)
    {
        var heard = new List<string>();
        model.Listen(c => heard.Add($"{c.Alarm.Id}/{c.Alarm.Version}/{c.Change}"));
        return heard;
    }

    private static void RaiseAndResolve(ReadModel model, string id)
    {
        model.Upsert(Alarm(id, AlarmStates.Raised, 1), "raised", null);
        model.Upsert(Alarm(id, AlarmStates.Resolved, 2), "resolved", null);
    }

    [Fact]
    public void A_late_raise_or_older_change_of_an_evicted_alarm_neither_brings_it_back_nor_is_heard()
    {
        var model = new ReadModel(keepResolved: 1);
        RaiseAndResolve(model, "a-1");
        RaiseAndResolve(model, "a-2"); // evicts a-1
        var heard = Heard(model);

        Assert.False(model.Upsert(Alarm("a-1", AlarmStates.Raised, 1), "raised", null)); // the journal, late
        Assert.False(model.Upsert(Alarm("a-1", AlarmStates.Resolved, 2), "resolved", null)); // the topic, late

        Assert.Null(model.Alarm("a-1"));
        Assert.Equal(AlarmStates.Resolved, model.Alarm("a-2")?.State);
        Assert.Empty(heard);
    }

    [Fact]
    public void The_same_version_from_write_through_topic_and_journal_is_heard_once()
    {
        var model = new ReadModel(keepResolved: 1);
        var heard = Heard(model);

        foreach (var _ in new[] { "write-through", "topic", "journal" })
            model.Upsert(Alarm("a-1", AlarmStates.Raised, 1), "raised", null);
        foreach (var _ in new[] { "write-through", "topic", "journal" })
            model.Upsert(Alarm("a-1", AlarmStates.Resolved, 2), "resolved", null);
        RaiseAndResolve(model, "a-2"); // evicts a-1
        model.Upsert(Alarm("a-1", AlarmStates.Resolved, 2), "resolved", null); // a third route, after the eviction

        Assert.Equal(["a-1/1/raised", "a-1/2/resolved", "a-2/1/raised", "a-2/2/resolved"], heard);
    }

    [Fact]
    public void A_newer_version_still_applies_even_to_an_evicted_alarm()
    {
        var model = new ReadModel(keepResolved: 1);
        var heard = Heard(model);
        model.Upsert(Alarm("a-1", AlarmStates.Raised, 1), "raised", null);
        Assert.True(model.Upsert(Alarm("a-1", AlarmStates.Acknowledged, 3), "acknowledged", null)); // v2 still on its way
        Assert.False(model.Upsert(Alarm("a-1", AlarmStates.Raised, 2), "actuator_commanded", null));
        model.Upsert(Alarm("a-1", AlarmStates.Resolved, 4), "resolved", null);
        RaiseAndResolve(model, "a-2"); // evicts a-1

        Assert.True(model.Upsert(Alarm("a-1", AlarmStates.Resolved, 5), "changed", null));

        Assert.Equal(5, model.Alarm("a-1")?.Version);
        Assert.Equal(["a-1/1/raised", "a-1/3/acknowledged", "a-1/4/resolved", "a-2/1/raised", "a-2/2/resolved", "a-1/5/changed"], heard);
    }

    [Fact]
    public void Evicted_alarms_are_remembered_up_to_a_bound_oldest_forgotten_first()
    {
        var model = new ReadModel(keepResolved: 1);
        var evicted = ReadModel.MinEvictedRemembered + 1;
        for (var i = 0; i <= evicted; i++)
            RaiseAndResolve(model, $"a-{i}"); // a-0 … a-{evicted-1} evicted, the last kept

        Assert.False(model.Upsert(Alarm("a-1", AlarmStates.Raised, 1), "raised", null));
        Assert.True(model.Upsert(Alarm("a-0", AlarmStates.Raised, 1), "raised", null)); // past the bound: forgotten
    }

    // ---------------- sensors: a late fact never overwrites a newer one ----------------

    private static SensorRegistration Registered(string id, DateTimeOffset at, bool decommissioned = false) =>
        new(id, SensorKinds.Camera, "z1", SensorConfig.Empty, decommissioned, at, at);

    private static SensorStatusChanged Status(string id, string health, DateTimeOffset at, DateTimeOffset changedAt) =>
        new(id, SensorKinds.Camera, "z1", health, at, 5, at, ChangedAt: changedAt);

    [Fact]
    public void A_late_registration_does_not_bring_a_decommissioned_sensor_back()
    {
        var model = new ReadModel();
        model.Apply(Registered("cam-1", T)); // the API's write-through
        model.Decommission("cam-1", T.AddSeconds(1)); // the API's write-through

        Assert.False(model.Apply(Registered("cam-1", T))); // the journal, late
        model.Apply(Status("cam-1", SensorHealth.Online, T.AddMilliseconds(10), changedAt: T)); // the topic, late
        Assert.False(model.Decommission("cam-1", T.AddSeconds(1))); // the journal again: nothing new

        var view = model.Sensor("cam-1")!;
        Assert.True(view.Decommissioned);
        Assert.Equal(SensorHealth.Decommissioned, view.Health);
    }

    [Fact]
    public void A_newer_registration_brings_a_decommissioned_sensor_back_and_then_only_newer_facts_count()
    {
        var model = new ReadModel();
        model.Apply(Registered("cam-1", T));
        model.Decommission("cam-1", T.AddSeconds(1));

        Assert.True(model.Apply(Registered("cam-1", T.AddSeconds(2)) with { ZoneId = "z2" }));
        Assert.False(model.Decommission("cam-1", T.AddSeconds(1))); // the old decommission, late
        model.Apply(Status("cam-1", SensorHealth.Online, T.AddSeconds(3), changedAt: T.AddSeconds(2)));

        var view = model.Sensor("cam-1")!;
        Assert.False(view.Decommissioned);
        Assert.Equal("z2", view.ZoneId);
        Assert.Equal(SensorHealth.Online, view.Health);
        Assert.Equal(5, view.Readings);
    }

    [Fact]
    public void Health_heard_before_the_registration_is_kept_for_it()
    {
        var model = new ReadModel();
        model.Apply(Status("cam-1", SensorHealth.Offline, T.AddSeconds(5), changedAt: T));

        Assert.True(model.Apply(Registered("cam-1", T)));

        var view = model.Sensor("cam-1")!;
        Assert.Equal(SensorHealth.Offline, view.Health);
        Assert.Equal(T, view.ChangedAt);
    }

    [Fact]
    public void Health_of_a_registration_the_view_has_not_heard_of_yet_waits_for_it()
    {
        var model = new ReadModel();
        model.Apply(Registered("cam-1", T));
        model.Apply(Status("cam-1", SensorHealth.Online, T.AddSeconds(1), changedAt: T));

        // The sensor was reconfigured at T+2 s and went offline; its status outran the registration event.
        model.Apply(Status("cam-1", SensorHealth.Offline, T.AddSeconds(30), changedAt: T.AddSeconds(2)));
        Assert.Equal(SensorHealth.Online, model.Sensor("cam-1")!.Health);

        Assert.True(model.Apply(Registered("cam-1", T.AddSeconds(2))));
        Assert.Equal(SensorHealth.Offline, model.Sensor("cam-1")!.Health);
    }

    [Fact]
    public void A_waiting_status_of_a_registration_already_superseded_is_dropped()
    {
        var model = new ReadModel();
        model.Apply(Registered("cam-1", T));
        model.Apply(Status("cam-1", SensorHealth.Offline, T.AddSeconds(30), changedAt: T.AddSeconds(2)));

        Assert.True(model.Apply(Registered("cam-1", T.AddSeconds(3)))); // a newer registration came first
        Assert.NotEqual(SensorHealth.Offline, model.Sensor("cam-1")!.Health);
        Assert.False(model.Apply(Registered("cam-1", T.AddSeconds(2)))); // the one the status belonged to, late
        Assert.NotEqual(SensorHealth.Offline, model.Sensor("cam-1")!.Health);
    }

    // ---------------- zones: ordered by the At their entity stamps, a decommission leaves a tombstone ----------------

    private static ZoneView Zone(string id, DateTimeOffset at, double cooldownS = 120) =>
        new(id, ZoneConfig.DefaultFor(ZoneKinds.Production, id) with { CooldownS = cooldownS }, at);

    [Fact]
    public void A_late_configuration_does_not_bring_a_decommissioned_zone_back()
    {
        var model = new ReadModel();
        model.Upsert(Zone("z1", T)); // the API's write-through
        model.RemoveZone("z1", T.AddSeconds(1)); // the API's write-through

        Assert.False(model.Upsert(Zone("z1", T))); // the journal, late
        Assert.False(model.RemoveZone("z1", T.AddSeconds(1))); // the journal again: nothing new

        Assert.Null(model.Zone("z1"));
        Assert.Empty(model.Zones);
    }

    [Fact]
    public void An_older_configuration_does_not_overwrite_a_newer_one()
    {
        var model = new ReadModel();
        model.Upsert(Zone("z1", T.AddSeconds(2), cooldownS: 30)); // the API's write-through of the second change

        Assert.False(model.Upsert(Zone("z1", T, cooldownS: 120))); // the journal, the first change, late

        var view = model.Zone("z1")!;
        Assert.Equal(30, view.Config.CooldownS);
        Assert.Equal(T.AddSeconds(2), view.ConfiguredAt);
    }

    [Fact]
    public void A_newer_configuration_brings_a_decommissioned_zone_back_and_then_only_newer_changes_count()
    {
        var model = new ReadModel();
        model.Upsert(Zone("z1", T));
        model.RemoveZone("z1", T.AddSeconds(1));

        Assert.True(model.Upsert(Zone("z1", T.AddSeconds(2), cooldownS: 30))); // configured again under the same id
        Assert.False(model.Upsert(Zone("z1", T))); // the first configuration, late
        Assert.False(model.RemoveZone("z1", T.AddSeconds(1))); // the old decommission, late

        var view = model.Zone("z1")!;
        Assert.Equal(30, view.Config.CooldownS);
        Assert.Equal(T.AddSeconds(2), view.ConfiguredAt);
    }
}
