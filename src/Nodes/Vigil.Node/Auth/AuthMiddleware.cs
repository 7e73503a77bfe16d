using Vigil.Node.Api;

namespace Vigil.Node.Auth;

/// <summary>Checks every request against <see cref="AccessRules"/>: an API key (X-Api-Key) or a session cookie, then the role.</summary>
public sealed class AuthMiddleware(RequestDelegate next, AuthStore store, AuthCounters counters, Vigil.Node.Hosting.NodeSettings settings)
{
    public const string ApiKeyHeader = "X-Api-Key";
    public const string SessionCookie = "vigil_session";
    private const string CallerItem = "vigil.caller";
    private static readonly Caller LocalAdmin = new("local", Roles.Admin, "loopback");

    public async Task InvokeAsync(HttpContext context)
    {
        var need = AccessRules.For(context.Request.Method, context.Request.Path.Value ?? "/");
        if (need == Need.Anonymous)
        {
            await next(context);
            return;
        }
        if (settings.OpenOnLoopback)
        {
            // A loopback-only node with no admin at all (see AuthSetup.RequireAdminAsync): the local admin.
            context.Items[CallerItem] = LocalAdmin;
            await next(context);
            return;
        }
        Caller? caller;
        try
        {
            if (context.Request.Headers.TryGetValue(ApiKeyHeader, out var key))
            {
                caller = key.Count == 1 && key[0] is { Length: > 0 and < 200 } k ? await store.KeyAsync(k) : null;
                if (caller is null)
                {
                    counters.Refused("bad_key");
                    await Refuse(context, StatusCodes.Status401Unauthorized, $"the {ApiKeyHeader} header does not hold a valid API key", "unauthorized");
                    return;
                }
            }
            else
                caller = context.Request.Cookies.TryGetValue(SessionCookie, out var token) && token is { Length: > 0 and < 200 }
                    ? await store.SessionAsync(token)
                    : null;
        }
        catch (System.Data.Common.DbException)
        {
            // The database is down and this credential was not seen recently (see AuthStore's stale-if-error cache).
            counters.Refused("store_unavailable");
            context.Response.Headers.RetryAfter = "5";
            await Refuse(context, StatusCodes.Status503ServiceUnavailable, "the credential store (the node's database) is not answering; try again shortly", "unavailable");
            return;
        }

        if (caller is null)
        {
            counters.Refused("unauthenticated");
            await Refuse(context, StatusCodes.Status401Unauthorized, $"sign in (POST /auth/login) or send an API key in {ApiKeyHeader}", "unauthorized");
            return;
        }
        if (!Roles.Allows(caller.Role, need))
        {
            counters.Refused("forbidden");
            await Refuse(context, StatusCodes.Status403Forbidden,
                $"{caller.Name} ({caller.Role}) may not {context.Request.Method} {context.Request.Path}: it needs {Describe(need)}", "forbidden");
            return;
        }
        context.Items[CallerItem] = caller;
        await next(context);
    }

    private static string Describe(Need need) => need switch
    {
        Need.Ingest => "a device or admin key",
        _ => $"the {need.ToString().ToLowerInvariant()} role",
    };

    private static Task Refuse(HttpContext context, int status, string message, string code)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(Json.Error(message, code), Json.Options);
    }

    /// <summary>Who made this request (null only on anonymous paths).</summary>
    public static Caller? CallerOf(HttpContext context) => context.Items.TryGetValue(CallerItem, out var c) ? c as Caller : null;

    /// <summary>
    /// The name recorded in an alarm's timeline: a signed-in user is always recorded as themselves (they cannot act
    /// as someone else); an integration's key may name the person it acts for in "by".
    /// </summary>
    public static string? ActingName(HttpContext context, string? by) =>
        CallerOf(context) is { Via: Caller.Session } user ? user.Name : by;
}

/// <summary>Refused requests by reason, for /api/stats-style reporting.</summary>
public sealed class AuthCounters
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _refused = new();

    public void Refused(string reason) => _refused.AddOrUpdate(reason, 1, (_, n) => n + 1);

    public IReadOnlyDictionary<string, long> Snapshot => _refused.ToDictionary(kv => kv.Key, kv => kv.Value);
}
