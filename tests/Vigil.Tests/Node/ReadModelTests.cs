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
}
