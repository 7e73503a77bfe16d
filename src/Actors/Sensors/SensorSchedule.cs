using Akka.Actor;
using Akka.Event;

namespace Vigil.Actors.Sensors;

/// <summary>The silence watchdog of a sensor came due; only the newest arming counts (see <see cref="SensorSchedule"/>).</summary>
public sealed record WatchdogDue(long Generation) : IDeadLetterSuppression;

/// <summary>
/// A sensor's timers, without Akka's per-actor <c>TimerScheduler</c>: that one costs about 500 bytes per entity
/// (its dictionary, a timer record, a cancelable and a CancellationTokenSource per timer), which for 100,000 idle
/// sensors, each holding only its silence watchdog, was a tenth of the node's memory. Here an idle sensor holds one
/// scheduled, non-cancelable <see cref="WatchdogDue"/>: re-arming bumps a generation, and a due message of an older
/// generation is ignored. The periodic timers of a reading sensor (clock, status, resend) are cancelables that exist
/// only while they run. Held as a mutable struct in a field of the actor, never copied.
/// </summary>
public struct SensorSchedule
{
    private ICancelable? _tick, _status, _resend;
    private long _generation;

    /// <summary>Whether a due message belongs to the newest arming of the watchdog.</summary>
    public readonly bool IsCurrent(WatchdogDue due) => due.Generation == _generation;

    public readonly bool Ticking => _tick is not null;

    /// <summary>Readings flow: tick the clock and publish status periodically; the watchdog's pending arming lapses.</summary>
    public void StartTicking(IScheduler scheduler, IActorRef self, TimeSpan tick, object tickMessage, TimeSpan status, object statusMessage)
    {
        _generation++;
        _tick ??= scheduler.ScheduleTellRepeatedlyCancelable(tick, tick, self, tickMessage, self);
        _status ??= scheduler.ScheduleTellRepeatedlyCancelable(status, status, self, statusMessage, self);
    }

    public void StopStatus() => Cancel(ref _status);

    /// <summary>Only the silence watchdog is left: one due message after <paramref name="delay"/>, none before.</summary>
    public void ArmWatchdog(IScheduler scheduler, IActorRef self, TimeSpan delay)
    {
        StopClock();
        scheduler.ScheduleTellOnce(delay, self, new WatchdogDue(++_generation), self);
    }

    /// <summary>No clock and no watchdog (a pending due message lapses).</summary>
    public void StopClock()
    {
        Cancel(ref _tick);
        Cancel(ref _status);
        _generation++;
    }

    public void StartResend(IScheduler scheduler, IActorRef self, TimeSpan interval, object message) =>
        _resend ??= scheduler.ScheduleTellRepeatedlyCancelable(interval, interval, self, message, self);

    public void StopResend() => Cancel(ref _resend);

    /// <summary>The actor stops: cancel everything (an idle watchdog's due message then goes to dead letters, unlogged).</summary>
    public void CancelAll()
    {
        StopClock();
        StopResend();
    }

    private static void Cancel(ref ICancelable? timer)
    {
        timer?.Cancel();
        timer = null;
    }
}
