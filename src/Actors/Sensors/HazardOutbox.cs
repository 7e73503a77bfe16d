using Vigil.Messages;

namespace Vigil.Actors.Sensors;

/// <summary>
/// The hazards a sensor has told its zone and not yet seen acknowledged: resent until the zone answers, saved when
/// the sensor is handed off to another node, and resent by its next incarnation. Pure bookkeeping: the actor does
/// the telling, the persisting and the timing. The table exists only while something is pending (most sensors hold
/// nothing most of the time). Held as a mutable struct in a field of the actor, never copied.
/// </summary>
public struct HazardOutbox
{
    private Dictionary<string, Hazard>? _pending;

    /// <summary>The journal holds a hand-off save that still lists hazards: it must be cleared once they are all acknowledged.</summary>
    public bool SavedAtHandOff { get; private set; }

    public readonly int Count => _pending?.Count ?? 0;

    public readonly IEnumerable<Hazard> Pending => _pending?.Values ?? Enumerable.Empty<Hazard>();

    /// <summary>Nothing to save when the sensor is handed off.</summary>
    public readonly bool IsEmpty => Count == 0 && !SavedAtHandOff;

    /// <summary>A hand-off save, read back in recovery (an empty one clears an earlier save).</summary>
    public void Restore(IReadOnlyList<Hazard> saved)
    {
        _pending = null;
        foreach (var h in saved)
            Add(h); // a hazard saved twice is one entry, as when it was pending
        SavedAtHandOff = saved.Count > 0;
    }

    public void Add(Hazard hazard) => (_pending ??= new Dictionary<string, Hazard>())[hazard.Id] = hazard;

    /// <summary>The zone acknowledged a hazard. True when that emptied a hand-off save, which the journal must now clear.</summary>
    public bool Acknowledge(string hazardId)
    {
        _pending?.Remove(hazardId);
        if (Count > 0)
            return false;
        _pending = null;
        if (!SavedAtHandOff)
            return false;
        SavedAtHandOff = false;
        return true;
    }

    /// <summary>What a hand-off saves: every hazard still pending.</summary>
    public readonly List<Hazard> ToSave() => Pending.ToList();
}
