using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Microsoft.Extensions.FileProviders;
using Vigil.Actors.Views;
using Vigil.Node.Hosting;

namespace Vigil.Node.OperatorConsole;

/// <summary>The operator console: its static front end under /console/, and the trends and uptime read tables behind it.</summary>
public static class ConsoleSetup
{
    /// <summary>Where the build copies the front end (OperatorConsole/www).</summary>
    public static string StaticDir => Path.Combine(AppContext.BaseDirectory, "console");

    public static void AddVigilConsole(this IServiceCollection services)
    {
        services.AddSingleton<TrendsTable>();
        services.AddSingleton<UptimeTable>();
        services.AddHostedService<TrendsProjectionStarter>();
    }

    public static void MapVigilConsole(this WebApplication app)
    {
        if (Directory.Exists(StaticDir))
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(StaticDir),
                RequestPath = "/console",
                // The front end is small and changes with the node: always revalidate, never serve a stale module.
                OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache",
            });
        app.MapGet("/", () => Results.Redirect("/console/"));
        app.MapGet("/console/", () => Results.File(Path.Combine(StaticDir, "index.html"), "text/html; charset=utf-8"));
        app.MapConsoleApi();
    }

    /// <summary>Starts the trends projection once the actor system is up (api nodes on a SQL journal only).</summary>
    private sealed class TrendsProjectionStarter(IServiceProvider sp, NodeSettings settings, TrendsTable trends, UptimeTable uptime) : IHostedService
    {
        public Task StartAsync(CancellationToken ct)
        {
            if (!settings.HasRole("api") || settings.Database == DatabaseSettings.InMemory)
                return Task.CompletedTask;
            var system = sp.GetRequiredService<ActorSystem>();
            IReadJournal Journal() => PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
            system.ActorOf(TrendsProjectionActor.Props(Journal, trends, uptime), "projection-trends");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
