using System.Collections.Concurrent;

namespace Vigil.Node.Auth;

/// <summary>
/// Slows password guessing: after <see cref="MaxFailures"/> wrong passwords for one name (or from one address)
/// within <see cref="Window"/>, sign-in for it is refused until the window has passed. Per node, in memory.
/// </summary>
public sealed class SignInThrottle
{
    public const int MaxFailures = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, (int Count, DateTime Since)> _failures = new();

    /// <summary>When the caller must wait, how long; null when it may try.</summary>
    public TimeSpan? Blocked(string name, string address, DateTime now)
    {
        TimeSpan? wait = null;
        foreach (var key in Keys(name, address))
            if (_failures.TryGetValue(key, out var f) && now - f.Since < Window && f.Count >= MaxFailures)
                wait = Window - (now - f.Since);
        return wait;
    }

    public void Failed(string name, string address, DateTime now)
    {
        if (_failures.Count > 100_000)
            _failures.Clear();
        foreach (var key in Keys(name, address))
            _failures.AddOrUpdate(key, (1, now), (_, f) => now - f.Since < Window ? (f.Count + 1, f.Since) : (1, now));
    }

    public void Succeeded(string name) => _failures.TryRemove("n:" + name, out _);

    private static string[] Keys(string name, string address) => ["n:" + name, "a:" + address];
}
