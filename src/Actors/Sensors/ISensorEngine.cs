#nullable enable
using Vigil.Messages;

namespace Vigil.Actors.Sensors;

/// <summary>A sensor's fusion logic on event time. Observe/Advance return hazards confirmed by that step (usually none).</summary>
public interface ISensorEngine
{
    /// <summary>One reading; the payload has already been checked to be of this sensor's kind.</summary>
    IReadOnlyList<Hazard> Observe(DateTimeOffset t, ReadingPayload payload);

    /// <summary>Event time moved on without a reading: close windows that expired.</summary>
    IReadOnlyList<Hazard> Advance(DateTimeOffset now);
}
