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

        var model = new ReadModel();
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(model);
        builder.Services.AddSingleton<IngestCounters>();
        builder.Services.AddAkka(AkkaSetup.SystemName, (b, _) =>
        {
            b.ConfigureLoggers(l =>
            {
                l.ClearLoggers();
                l.AddLoggerFactory();
            });
            b.ConfigureVigil(settings, model, sensorSettings ?? new SensorActorSettings());
        });

        var app = builder.Build();
        app.MapVigilApi();
        app.MapGet("/health/live", () => Results.Json(new { status = "live" }));
        app.MapGet("/health/ready", (ActorSystem system) => Readiness(system, settings, model));
        return app;
    }

    /// <summary>Ready when this node is an Up member and, with the api role, its views have read the journal.</summary>
    private static IResult Readiness(ActorSystem system, NodeSettings settings, ReadModel model)
    {
        var cluster = Cluster.Get(system);
        var up = cluster.SelfMember.Status == MemberStatus.Up;
        var caughtUp = !settings.HasRole("api") || model.CaughtUp(ZoneActor.ZoneTag, SensorActor.SensorTag, ZoneActor.AlarmTag);
        var body = new { ready = up && caughtUp, member = cluster.SelfMember.Status.ToString().ToLowerInvariant(), views_caught_up = caughtUp, roles = settings.Roles };
        return Results.Json(body, statusCode: up && caughtUp ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>The address the HTTP API actually listens on (after port 0 was resolved).</summary>
    public static string HttpAddress(this WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
