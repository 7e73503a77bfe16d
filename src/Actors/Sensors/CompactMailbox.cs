using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Vigil.Actors.Sensors;

/// <summary>
/// The mailbox of the sensor entities. Akka's default for a persistent actor (a concurrent queue plus a stack for
/// stashed messages) allocates a 32-slot segment per actor up front, about 1 KB, though a sensor is idle most of the
/// time and a node holds up to 100,000 of them. This one is a lock around a queue that grows only when messages wait
/// (and is dropped again after a burst), with the front insertion the persistent actor's stash needs.
/// </summary>
public sealed class CompactMailbox(Settings settings, Config config)
    : MailboxType(settings, config), IProducesMessageQueue<CompactMessageQueue>
{
    /// <summary>Where the mailbox is configured; <see cref="Hocon"/> must be part of the actor system's config.</summary>
    public const string ConfigPath = "vigil.compact-mailbox";

    public static readonly string Hocon = $$"""{{ConfigPath}}.mailbox-type = "{{typeof(CompactMailbox).FullName}}, {{typeof(CompactMailbox).Assembly.GetName().Name}}" """;

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new CompactMessageQueue();
}

/// <summary>An unbounded, deque-capable message queue that holds no buffer while it is empty for long.</summary>
public sealed class CompactMessageQueue : IMessageQueue, IUnboundedDequeBasedMessageQueueSemantics
{
    /// <summary>A buffer grown beyond this by a burst is let go once the burst is drained.</summary>
    private const int KeepCapacity = 16;

    private readonly Lock _lock = new();
    private Queue<Envelope>? _queue;
    private Stack<Envelope>? _front;
    private int _count;

    public bool HasMessages => Volatile.Read(ref _count) > 0;

    public int Count => Volatile.Read(ref _count);

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        lock (_lock)
        {
            (_queue ??= new Queue<Envelope>(4)).Enqueue(envelope);
            _count++;
        }
    }

    public void EnqueueFirst(Envelope envelope)
    {
        lock (_lock)
        {
            (_front ??= new Stack<Envelope>(4)).Push(envelope);
            _count++;
        }
    }

    public bool TryDequeue(out Envelope envelope)
    {
        lock (_lock)
        {
            if (_front is { Count: > 0 })
                envelope = _front.Pop();
            else if (_queue is { Count: > 0 })
                envelope = _queue.Dequeue();
            else
            {
                envelope = default;
                return false;
            }
            if (--_count == 0)
            {
                if (_queue is { Capacity: > KeepCapacity })
                    _queue = null;
                if (_front is { Capacity: > KeepCapacity })
                    _front = null;
            }
            return true;
        }
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope))
            deadletters.Enqueue(owner, envelope);
    }
}
