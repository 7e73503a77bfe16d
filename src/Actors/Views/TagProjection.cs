using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Vigil.Actors.Views;

/// <summary>
/// Streams one journal tag into a view: what is stored after <see cref="Offset"/>, then live. Events come in batches
/// (as many as queued while the view worked, up to <see cref="MaxBatch"/>) with one acknowledgement per batch, so a
/// catch-up over a long journal is not paced by a round trip per event. When the database fails, the stream starts
/// again from the last offset after a pause. Subclasses project the events; they may set <see cref="Offset"/> (from a
/// checkpoint) before calling <see cref="StartStream"/>.
/// </summary>
public abstract class TagProjection : ReceiveActor, IWithTimers
{
    public const int MaxBatch = 500;

    private sealed class StreamInit { public static readonly StreamInit Instance = new(); }
    private sealed class StreamAck { public static readonly StreamAck Instance = new(); }
    private sealed record StreamDone(bool Live);
    private sealed record StreamFailed(Exception Cause);
    private sealed class Restart { public static readonly Restart Instance = new(); }

    private readonly Func<IReadJournal> _journalFactory;
    private IReadJournal? _journal;

    public ITimerScheduler Timers { get; set; } = null!;

    protected string Tag { get; }
    protected ILoggingAdapter Log { get; } = Context.GetLogger();

    /// <summary>The offset of the last event projected; the stream resumes after it.</summary>
    protected Offset Offset { get; set; } = Offset.NoOffset();

    /// <summary>True once the view has read what the journal held when it started.</summary>
    protected bool Live { get; private set; }

    /// <param name="journal">makes the read journal; called in the actor and retried, because creating it talks to the database, which may be slow or down when the node starts</param>
    protected TagProjection(string tag, Func<IReadJournal> journal)
    {
        Tag = tag;
        _journalFactory = journal;
        Receive<StreamInit>(_ => Sender.Tell(StreamAck.Instance));
        Receive<List<EventEnvelope>>(batch =>
        {
            foreach (var env in batch)
            {
                Offset = env.Offset;
                try
                {
                    Project(env);
                }
                catch (Exception ex)
                {
                    Log.Error(ex, "Projection {Tag} skipped {PersistenceId}#{SequenceNr}", Tag, env.PersistenceId, env.SequenceNr);
                }
            }
            Projected(batch.Count);
            Sender.Tell(StreamAck.Instance);
        });
        Receive<StreamDone>(done =>
        {
            if (!done.Live)
            {
                Live = true;
                CaughtUp();
            }
            StartStream();
        });
        Receive<StreamFailed>(f =>
        {
            Log.Warning(f.Cause, "Projection {Tag} stream failed; retrying from {Offset}", Tag, Offset);
            Timers.StartSingleTimer("restart", Restart.Instance, TimeSpan.FromSeconds(2));
        });
        Receive<Restart>(_ => StartStream());
    }

    /// <summary>Apply one event to the view. An exception skips the event (logged), never the stream.</summary>
    protected abstract void Project(EventEnvelope env);

    /// <summary>A batch of <paramref name="count"/> events was projected; <see cref="Offset"/> is its last.</summary>
    protected virtual void Projected(int count)
    {
    }

    /// <summary>The view has read everything the journal held when it started; from now on it follows live.</summary>
    protected virtual void CaughtUp()
    {
    }

    protected override void PreStart() => StartStream();

    protected void StartStream()
    {
        try
        {
            _journal ??= _journalFactory();
        }
        catch (Exception ex)
        {
            Self.Tell(new StreamFailed(ex));
            return;
        }
        var source = Live
            ? ((IEventsByTagQuery)_journal).EventsByTag(Tag, Offset)
            : ((ICurrentEventsByTagQuery)_journal).CurrentEventsByTag(Tag, Offset);
        var live = Live;
        source
            .Batch(MaxBatch, e => new List<EventEnvelope> { e }, (list, e) =>
            {
                list.Add(e);
                return list;
            })
            .RunWith(
                Sink.ActorRefWithAck<List<EventEnvelope>>(Self, StreamInit.Instance, StreamAck.Instance, new StreamDone(live), ex => new StreamFailed(ex)),
                Context.Materializer());
    }
}
