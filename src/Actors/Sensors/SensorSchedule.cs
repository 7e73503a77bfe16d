using Akka.Actor;
using Akka.Event;

namespace Vigil.Actors.Sensors;

/// <summary>The silence watchdog of a sensor came due; only the newest arming counts (see <see cref="SensorSchedule"/>).</summary>
public sealed record WatchdogDue(long Generation) : IDeadLetterSuppression;

/// <summary>
/// A sensor's timers, without Akka's per-actor <c>TimerScheduler</c>: that one costs about 500 bytes per entity
/// (its dictionary, a timer record, a cancelable and a CancellationTokenSource per timer), which for 100,000 idle
/// sensors, each holding only its silence watchdog, was a tenth of the node's memory. Here the watchdog is at most one
/// scheduled, non-cancelable <see cref="WatchdogDue"/> in flight: arming it again for a later moment keeps the one in
/// flight, which on arrival schedules itself again for the rest; disarming leaves it to lapse on arrival. The
/// periodic timers of a reading sensor (clock, status, resend) are cancelables that exist only while they run. Held
/// as a mutable struct in a field of the actor, never copied; wall-clock times come from the caller, so the
/// bookkeeping is tested without Akka (<see cref="OnDue"/>).
/// </summary>
public struct SensorSchedule
{
    private ICancelable? _tick, _status, _resend;
    private long _generation;           // of the WatchdogDue in flight
    // UTC ticks, 0 for none (8 bytes each, where a DateTimeOffset? takes 24 in every sensor):
    private long _inFlightAt; // when the one in flight arrives
    private long _dueAt;      // when the armed watchdog is due

    /// <summary>Start the generations at a random point, so a due message sent by an earlier incarnation of the same actor never matches.</summary>
    public void Seed() => _generation = Random.Shared.NextInt64(1, long.MaxValue / 2);

    public readonly bool Ticking => _tick is not null;

    /// <summary>When the armed watchdog is due (null when disarmed).</summary>
    public readonly DateTimeOffset? DueAt => _dueAt == 0 ? null : new DateTimeOffset(_dueAt, TimeSpan.Zero);

    /// <summary>Readings flow: tick the clock and publish status periodically; the watchdog is disarmed.</summary>
    public void StartTicking(IScheduler scheduler, IActorRef self, TimeSpan tick, object tickMessage, TimeSpan status, object statusMessage)
    {
        _dueAt = 0;
        _tick ??= scheduler.ScheduleTellRepeatedlyCancelable(tick, tick, self, tickMessage, self);
        _status ??= scheduler.ScheduleTellRepeatedlyCancelable(status, status, self, statusMessage, self);
    }

    public void StopStatus() => Cancel(ref _status);

    /// <summary>Only the silence watchdog is left: due at <paramref name="now"/> + <paramref name="delay"/>.</summary>
    public void ArmWatchdog(IScheduler scheduler, IActorRef self, DateTimeOffset now, TimeSpan delay)
    {
        StopClock();
        _dueAt = (now + delay).UtcTicks;
        if (_inFlightAt != 0 && _inFlightAt <= _dueAt)
            return; // the one in flight comes first and schedules itself again for the rest
        Send(scheduler, self, delay, now);
    }

    /// <summary>
    /// A due message arrived. True when the watchdog is due now (it is then disarmed: the caller checks and arms it
    /// again); false when the message is an older one, the watchdog is disarmed, or it is due later, in which case the
    /// message is sent again for the rest.
    /// </summary>
    public bool OnDue(WatchdogDue due, IScheduler scheduler, IActorRef self, DateTimeOffset now)
    {
        if (due.Generation != _generation)
            return false;
        _inFlightAt = 0;
        if (_dueAt == 0)
            return false;
        if (now.UtcTicks >= _dueAt)
        {
            _dueAt = 0;
            return true;
        }
        Send(scheduler, self, TimeSpan.FromTicks(_dueAt - now.UtcTicks), now);
        return false;
    }

    /// <summary>No clock and no watchdog (a due message in flight lapses on arrival).</summary>
    public void StopClock()
    {
        Cancel(ref _tick);
        Cancel(ref _status);
        _dueAt = 0;
    }

    public void StartResend(IScheduler scheduler, IActorRef self, TimeSpan interval, object message) =>
        _resend ??= scheduler.ScheduleTellRepeatedlyCancelable(interval, interval, self, message, self);

    public void StopResend() => Cancel(ref _resend);

    /// <summary>The actor stops: cancel everything (a due message in flight then goes to dead letters, unlogged).</summary>
    public void CancelAll()
    {
        StopClock();
        StopResend();
    }

    private void Send(IScheduler scheduler, IActorRef self, TimeSpan delay, DateTimeOffset now)
    {
        _inFlightAt = (now + delay).UtcTicks;
        scheduler.ScheduleTellOnce(delay, self, new WatchdogDue(++_generation), self);
    }

    private static void Cancel(ref ICancelable? timer)
    {
        timer?.Cancel();
        timer = null;
    }
}
