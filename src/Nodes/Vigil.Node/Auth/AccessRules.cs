namespace Vigil.Node.Auth;

/// <summary>
/// The single allow-list: what each request needs, by method and path. Everything is checked here, server-side,
/// before any endpoint runs; a path nobody listed needs a viewer to read it and an admin to change anything.
/// </summary>
public static class AccessRules
{
    public static Need For(string method, string path)
    {
        var get = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        // Readiness and liveness probes, and the metrics scrape, carry no credentials.
        if (path.StartsWith("/health/", StringComparison.Ordinal) || path == "/metrics")
            return Need.Anonymous;
        // The console's static files hold no data; every call they make is checked on its own.
        if (get && (path == "/" || path == "/console" || path.StartsWith("/console/", StringComparison.Ordinal)))
            return Need.Anonymous;
        if (path is "/auth/login" or "/auth/logout")
            return Need.Anonymous;
        if (path == "/api/readings" && HttpMethods.IsPost(method))
            return Need.Ingest;
        if (path.StartsWith("/api/users", StringComparison.Ordinal) || path.StartsWith("/api/keys", StringComparison.Ordinal))
            return Need.Admin;
        if (HttpMethods.IsPost(method) && path.StartsWith("/api/alarms/", StringComparison.Ordinal)
            && (path.EndsWith("/ack", StringComparison.Ordinal) || path.EndsWith("/dispatch", StringComparison.Ordinal) || path.EndsWith("/resolve", StringComparison.Ordinal)))
            return Need.Operator;
        return get ? Need.Viewer : Need.Admin;
    }
}
