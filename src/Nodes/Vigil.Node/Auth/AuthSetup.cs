using Vigil.Node.Hosting;

namespace Vigil.Node.Auth;

/// <summary>Wires access control into a node: the store, the check on every request, the sign-in endpoints, and the configured admin.</summary>
public static class AuthSetup
{
    public const string AdminUser = "admin";

    public static void AddVigilAuth(this IServiceCollection services, NodeSettings settings)
    {
        services.AddSingleton(new AuthStore(settings.Database));
        services.AddSingleton<AuthCounters>();
        services.AddSingleton<SignInThrottle>();
        services.AddHostedService<AdminSeeder>();
    }

    /// <summary>Call before mapping endpoints: the check runs for every request.</summary>
    public static void UseVigilAuth(this WebApplication app)
    {
        app.UseMiddleware<AuthMiddleware>();
        app.MapVigilAuth();
    }

    /// <summary>Stores the admin given by flags or environment (if any) before the node takes requests.</summary>
    private sealed class AdminSeeder(AuthStore store, NodeSettings settings, ILogger<AdminSeeder> log) : IHostedService
    {
        public async Task StartAsync(CancellationToken ct)
        {
            if (settings.AdminPassword is null && settings.AdminKey is null)
                return;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    if (settings.AdminPassword is { } password && await store.AddUserIfMissingAsync(AdminUser, Roles.Admin, password))
                        log.LogInformation("Created the admin user {User}", AdminUser);
                    if (settings.AdminKey is { } key)
                        await store.AddKeyIfMissingAsync(key, "admin-key", Roles.Admin);
                    return;
                }
                catch (System.Data.Common.DbException ex) when (attempt < 30 && !ct.IsCancellationRequested)
                {
                    log.LogWarning(ex, "Could not store the admin yet (attempt {Attempt}); retrying", attempt);
                    await Task.Delay(TimeSpan.FromSeconds(1), ct);
                }
            }
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }

    /// <summary>
    /// `vigil run` needs a way in: an admin in the flags or environment, or one stored already. There is no default
    /// password. Without any admin, a node whose API listens on loopback only starts with access control off (and
    /// says so); one reachable from the network refuses to start.
    /// </summary>
    public static async Task<NodeSettings> RequireAdminAsync(NodeSettings settings)
    {
        if (settings.AdminPassword is not null || settings.AdminKey is not null)
            return settings;
        settings.Database.Prepare();
        using (var store = new AuthStore(settings.Database))
        {
            if (await store.HasAdminAsync())
                return settings;
        }
        if (settings.HttpIsLoopback)
        {
            Console.Error.WriteLine(
                "WARNING: no admin configured, so access control is OFF: every request to this node's API is served as the local admin. " +
                $"That is allowed only because the API listens on loopback ({settings.HttpHost}). Give --admin-password and/or --admin-key " +
                "(or VIGIL_ADMIN_PASSWORD / VIGIL_ADMIN_KEY) to turn it on.");
            return settings with { OpenOnLoopback = true };
        }
        throw new ArgumentException(
            $"no admin, and the API listens on {settings.HttpHost}, reachable from the network: give the initial admin's password with " +
            "--admin-password (or VIGIL_ADMIN_PASSWORD), and/or an admin API key with --admin-key (or VIGIL_ADMIN_KEY); there is no default password");
    }
}
