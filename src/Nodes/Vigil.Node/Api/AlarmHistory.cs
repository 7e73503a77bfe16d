using Akka.Actor;
using Akka.Persistence.Journal;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Vigil.Actors.Zones;
using Vigil.Messages;
using Vigil.Node.Hosting;

namespace Vigil.Node.Api;

/// <summary>
/// An alarm the view no longer holds (a resolved one beyond its retention) rebuilt from the journal: the events of
/// its zone, folded exactly as the view folds them. Slower than the view (it reads the zone's whole history), so
/// only for the odd lookup of an old alarm by id.
/// </summary>
public static class AlarmHistory
{
    public static async Task<Alarm?> FromJournalAsync(ActorSystem system, NodeSettings settings, string alarmId, CancellationToken ct)
    {
        var at = alarmId.LastIndexOf('@');
        if (settings.Database == DatabaseSettings.InMemory || at <= 0 || at == alarmId.Length - 1)
            return null;
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        Alarm? alarm = null;
        await journal.CurrentEventsByPersistenceId(ZoneActor.PersistenceIdOf(alarmId[(at + 1)..]), 0, long.MaxValue)
            .Select(env => env.Event is Tagged t ? t.Payload : env.Event)
            .RunForeach(e =>
            {
                if (e is not IAlarmEvent a || a.AlarmId != alarmId)
                    return;
                if ((alarm is null && a is AlarmRaised) || (alarm is not null && a.Version == alarm.Version + 1))
                    alarm = AlarmProjection.Apply(alarm, a);
            }, system.Materializer())
            .WaitAsync(TimeSpan.FromSeconds(30), ct);
        return alarm;
    }
}
