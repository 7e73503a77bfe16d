using System.Net;
using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Vigil.Actors.Sensors;
using Vigil.Actors.Views;
using Vigil.Actors.Zones;
using Vigil.Node.Api;
using Vigil.Node.Integration;
using Vigil.Node.Vision;
using Vigil.Node.Auth;
using Vigil.Node.OperatorConsole;

namespace Vigil.Node.Hosting;

/// <summary>Builds a Vigil node: the actor system with its shards and views, and the HTTP API, in one process.</summary>
public static class VigilHost
{
    public static WebApplication Build(NodeSettings settings, SensorActorSettings? sensorSettings = null, bool quiet = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
        builder.Logging.SetMinimumLevel(quiet ? LogLevel.Warning : LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.UseKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = settings.MaxBodyBytes;
            var address = settings.HttpHost is "localhost" ? IPAddress.Loopback
                : IPAddress.TryParse(settings.HttpHost, out var ip) ? ip
                : throw new ArgumentException($"--http: '{settings.HttpHost}' is not an IP address");
            k.Listen(address, settings.HttpPort);
        });

        // A graceful stop (SIGTERM) runs Akka's coordinated shutdown: every shard is handed to another node first, and
        // that takes longer than the host's default 30 s on a loaded node. Give it room (see hocon/cluster.conf).
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(120));

        JournalTagMigration.Run(settings.Database, message => Console.Error.WriteLine($"vigil: {message}"));

        var model = new ReadModel(settings.KeepResolvedAlarms);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(model);
        builder.Services.AddSingleton<IngestCounters>();
        builder.AddVigilIntegration(settings);
        var vision = builder.Services.AddVigilVision(settings);
        builder.Services.AddVigilAuth(settings);
        builder.Services.AddAkka(AkkaSetup.SystemName, (b, _) =>
        {
            b.ConfigureLoggers(l =>
            {
                l.ClearLoggers();
                l.AddLoggerFactory();
            });
            b.ConfigureVigil(settings, model, VisionSetup.WithFeeds(sensorSettings ?? new SensorActorSettings(), vision));
        });

        builder.Services.AddVigilConsole();

        var app = builder.Build();
        app.UseVigilAuth();
        app.MapVigilConsole();
        app.MapVigilApi();
        app.MapClusterStatus();
        app.MapVigilIntegration();
        app.MapVisionApi();
        return app;
    }

    /// <summary>The address the HTTP API actually listens on (after port 0 was resolved).</summary>
    public static string HttpAddress(this WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
