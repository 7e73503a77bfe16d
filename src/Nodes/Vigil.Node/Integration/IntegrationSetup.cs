using Prometheus;
using Vigil.Node.Hosting;

namespace Vigil.Node.Integration;

/// <summary>Wires the plant integrations into a node: metrics, structured logs, MQTT, webhooks, edge limits.</summary>
public static class IntegrationSetup
{
    public static void AddVigilIntegration(this WebApplicationBuilder builder, NodeSettings settings)
    {
        var s = settings.Integration;
        s.Validate();
        if (s.LogFormat == "json")
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
        }
        builder.Services.AddHostedService<ShardMetrics>();
        Limits.DeviceRateLimit.Add(builder.Services, s.RateLimit);
        // The bridge gates readings on the read model, so it runs where ingest and api meet (the default: all roles).
        if (s.Mqtt.Enabled && settings.HasRole("ingest"))
        {
            builder.Services.AddSingleton<Mqtt.MqttBridge>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<Mqtt.MqttBridge>());
        }
        if (s.Webhooks.Urls.Count > 0)
        {
            builder.Services.AddSingleton<Webhooks.WebhookDispatcher>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<Webhooks.WebhookDispatcher>());
        }
    }

    public static void MapVigilIntegration(this WebApplication app)
    {
        Limits.DeviceRateLimit.Use(app, app.Services.GetRequiredService<NodeSettings>().Integration.RateLimit);
        app.MapMetrics("/metrics");
        Webhooks.WebhookDispatcher.Map(app);
    }
}
