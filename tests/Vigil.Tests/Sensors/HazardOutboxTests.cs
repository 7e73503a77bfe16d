using Vigil.Actors.Sensors;
using Vigil.Messages;
using Xunit;

namespace Vigil.Tests.Sensors;

public sealed class HazardOutboxTests
{
    private static Hazard H(string id) => new(id, HazardTypes.NoHelmet, "cam-1", "z1", DateTimeOffset.UnixEpoch);

    [Fact]
    public void Hazards_stay_pending_until_acknowledged_and_a_fresh_outbox_has_nothing_to_save()
    {
        var outbox = new HazardOutbox();
        Assert.True(outbox.IsEmpty);
        outbox.Add(H("a"));
        outbox.Add(H("b"));
        outbox.Add(H("a")); // a resend of the same hazard is one entry
        Assert.Equal(2, outbox.Count);
        Assert.False(outbox.IsEmpty);

        Assert.False(outbox.Acknowledge("a"));
        Assert.Equal(["b"], outbox.Pending.Select(h => h.Id));
        Assert.False(outbox.Acknowledge("unknown"));
        // Emptied without a hand-off save behind it: nothing for the journal.
        Assert.False(outbox.Acknowledge("b"));
        Assert.True(outbox.IsEmpty);
        Assert.Empty(outbox.ToSave());
    }

    [Fact]
    public void A_hand_off_save_is_cleared_once_when_its_last_hazard_is_acknowledged()
    {
        var outbox = new HazardOutbox();
        outbox.Restore([H("a"), H("b")]);
        Assert.True(outbox.SavedAtHandOff);
        outbox.Add(H("c"));
        Assert.Equal(["a", "b", "c"], outbox.ToSave().Select(h => h.Id).Order());

        Assert.False(outbox.Acknowledge("a"));
        Assert.False(outbox.Acknowledge("c"));
        Assert.True(outbox.Acknowledge("b"), "the last pending hazard of a save: the journal's save must be cleared");
        Assert.False(outbox.SavedAtHandOff);
        Assert.False(outbox.Acknowledge("b"), "cleared once, not again");
        Assert.True(outbox.IsEmpty);
    }

    [Fact]
    public void An_emptied_save_in_the_journal_restores_to_nothing_pending()
    {
        var outbox = new HazardOutbox();
        outbox.Restore([H("a")]);
        outbox.Restore([]); // the clearing save, later in the same journal
        Assert.True(outbox.IsEmpty);
        Assert.False(outbox.SavedAtHandOff);
    }

    [Fact]
    public void Hazards_restored_from_a_save_are_saved_again_at_the_next_hand_off()
    {
        var outbox = new HazardOutbox();
        outbox.Restore([H("a"), H("b")]);
        Assert.False(outbox.Acknowledge("a"));
        Assert.False(outbox.IsEmpty);
        Assert.Equal(["b"], outbox.ToSave().Select(h => h.Id));
    }
}
