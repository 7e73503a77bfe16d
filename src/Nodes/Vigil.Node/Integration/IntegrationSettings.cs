using Akka.Configuration;

namespace Vigil.Node.Integration;

/// <summary>
/// Settings of the plant integrations and the edge's limits: logs, MQTT, webhooks, rate limits. Read from the <c>vigil</c>
/// block of hocon/vigil.conf, then VIGIL_* environment variables; every value is checked at start and a bad one stops
/// the node with a message naming the setting.
/// </summary>
public sealed record IntegrationSettings
{
    public static readonly IntegrationSettings Default = new();

    /// <summary>text (one line per entry) or json (one JSON object per entry, for log shippers).</summary>
    public string LogFormat { get; init; } = "text";

    public MqttSettings Mqtt { get; init; } = new();
    public WebhookSettings Webhooks { get; init; } = new();
    public RateLimitSettings RateLimit { get; init; } = new();
    public RemoteSecurity Remote { get; init; } = new();

    public static IntegrationSettings Resolve(Config vigil, Func<string, string?> env)
    {
        string Str(string envName, string key, string fallback) =>
            env(envName) is { Length: > 0 } e ? e : vigil.HasPath(key) ? vigil.GetString(key) ?? fallback : fallback;
        int Int(string envName, string key, int fallback, int min, int max)
        {
            var raw = Str(envName, key, fallback.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return int.TryParse(raw, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
                ? v
                : throw new ArgumentException($"{key} ({envName}): '{raw}' is not a whole number in [{min}, {max}]");
        }
        bool Bool(string envName, string key, bool fallback)
        {
            var raw = Str(envName, key, fallback ? "true" : "false");
            return raw.ToLowerInvariant() switch
            {
                "true" or "on" or "yes" or "1" => true,
                "false" or "off" or "no" or "0" => false,
                _ => throw new ArgumentException($"{key} ({envName}): '{raw}' is not true or false"),
            };
        }
        IReadOnlyList<string> List(string envName, string key) =>
            env(envName) is { Length: > 0 } e ? e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : vigil.HasPath(key) ? vigil.GetStringList(key).ToList() : [];

        var logFormat = Str("VIGIL_LOG_FORMAT", "log-format", "text");
        if (logFormat is not ("text" or "json"))
            throw new ArgumentException($"log-format (VIGIL_LOG_FORMAT): '{logFormat}' is not text or json");

        var settings = new IntegrationSettings
        {
            LogFormat = logFormat,
            Mqtt = new MqttSettings
            {
                Broker = Str("VIGIL_MQTT_BROKER", "mqtt.broker", ""),
                EmbeddedBroker = Str("VIGIL_MQTT_EMBEDDED", "mqtt.embedded-broker", ""),
                TopicPrefix = Str("VIGIL_MQTT_TOPIC_PREFIX", "mqtt.topic-prefix", "vigil"),
                ClientId = Str("VIGIL_MQTT_CLIENT_ID", "mqtt.client-id", ""),
                ReconnectMaxSeconds = Int("VIGIL_MQTT_RECONNECT_MAX_S", "mqtt.reconnect-max-s", 30, 1, 3600),
            },
            Webhooks = new WebhookSettings
            {
                Urls = List("VIGIL_WEBHOOK_URLS", "webhooks.urls"),
                Secret = Str("VIGIL_WEBHOOK_SECRET", "webhooks.secret", ""),
                MaxAttempts = Int("VIGIL_WEBHOOK_MAX_ATTEMPTS", "webhooks.max-attempts", 6, 1, 100),
                FirstRetryMs = Int("VIGIL_WEBHOOK_FIRST_RETRY_MS", "webhooks.first-retry-ms", 500, 1, 3_600_000),
                MaxRetryMs = Int("VIGIL_WEBHOOK_MAX_RETRY_MS", "webhooks.max-retry-ms", 60_000, 1, 3_600_000),
                TimeoutMs = Int("VIGIL_WEBHOOK_TIMEOUT_MS", "webhooks.timeout-ms", 5_000, 100, 600_000),
                QueueCapacity = Int("VIGIL_WEBHOOK_QUEUE", "webhooks.queue-capacity", 10_000, 1, 10_000_000),
            },
            Remote = RemoteSecurity.Resolve(vigil, env),
            RateLimit = new RateLimitSettings
            {
                Enabled = Bool("VIGIL_RATE_LIMIT", "rate-limit.enabled", true),
                PermitsPerSecond = Int("VIGIL_RATE_LIMIT_PER_S", "rate-limit.permits-per-second", 500, 1, 10_000_000),
                Burst = Int("VIGIL_RATE_LIMIT_BURST", "rate-limit.burst", 1000, 1, 10_000_000),
            },
        };
        settings.Validate();
        return settings;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (Mqtt.Broker.Length > 0)
            Hosting.NodeSettings.ParseEndpoint(Mqtt.Broker, "mqtt.broker (VIGIL_MQTT_BROKER)");
        if (Mqtt.EmbeddedBroker.Length > 0)
            Hosting.NodeSettings.ParseEndpoint(Mqtt.EmbeddedBroker, "mqtt.embedded-broker (VIGIL_MQTT_EMBEDDED)");
        if (Mqtt.TopicPrefix.Length == 0 || Mqtt.TopicPrefix.IndexOfAny(['+', '#']) >= 0 || Mqtt.TopicPrefix.EndsWith('/'))
            throw new ArgumentException($"mqtt.topic-prefix (VIGIL_MQTT_TOPIC_PREFIX): '{Mqtt.TopicPrefix}' must be non-empty, without wildcards or a trailing '/'");
        foreach (var url in Webhooks.Urls)
            if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https"))
                throw new ArgumentException($"webhooks.urls (VIGIL_WEBHOOK_URLS): '{url}' is not an absolute http(s) URL");
        if (Webhooks.Urls.Count > 0 && Webhooks.Secret.Length < 16)
            throw new ArgumentException("webhooks.secret (VIGIL_WEBHOOK_SECRET): webhooks need a signing secret of at least 16 characters");
        if (Webhooks.MaxRetryMs < Webhooks.FirstRetryMs)
            throw new ArgumentException($"webhooks.max-retry-ms ({Webhooks.MaxRetryMs}) is below webhooks.first-retry-ms ({Webhooks.FirstRetryMs})");
        if (RateLimit.Burst < RateLimit.PermitsPerSecond / 10)
            throw new ArgumentException($"rate-limit.burst ({RateLimit.Burst}) must be at least a tenth of rate-limit.permits-per-second ({RateLimit.PermitsPerSecond}): the bucket refills ten times a second");
    }
}

/// <summary>MQTT bridge: readings in, alarm changes and actuator commands out. Off unless a broker (external or embedded) is set.</summary>
public sealed record MqttSettings
{
    /// <summary>host:port of the plant's broker; empty = none (unless EmbeddedBroker is set).</summary>
    public string Broker { get; init; } = "";

    /// <summary>host:port on which this node hosts a broker of its own (demo, tests); port 0 picks a free one. The bridge then connects to it.</summary>
    public string EmbeddedBroker { get; init; } = "";

    /// <summary>Readings come in on PREFIX/readings/SENSOR; alarms go out on PREFIX/alarms/ZONE/ALARM, actuator commands on PREFIX/actuators/ACTUATOR.</summary>
    public string TopicPrefix { get; init; } = "vigil";

    /// <summary>The bridge's MQTT client id; empty = vigil-HOST-PORT of the cluster endpoint.</summary>
    public string ClientId { get; init; } = "";

    /// <summary>Longest wait between reconnect attempts (the wait doubles from 0.5 s up to it).</summary>
    public int ReconnectMaxSeconds { get; init; } = 30;

    public bool Enabled => Broker.Length > 0 || EmbeddedBroker.Length > 0;
}

/// <summary>Webhooks: every alarm change POSTed to each URL, signed with HMAC-SHA256 of the body under Secret.</summary>
public sealed record WebhookSettings
{
    public IReadOnlyList<string> Urls { get; init; } = [];
    public string Secret { get; init; } = "";
    public int MaxAttempts { get; init; } = 6;
    public int FirstRetryMs { get; init; } = 500;
    public int MaxRetryMs { get; init; } = 60_000;
    public int TimeoutMs { get; init; } = 5_000;
    public int QueueCapacity { get; init; } = 10_000;
}

/// <summary>Token bucket per device key (X-Api-Key header, else remote IP) on the ingest endpoints.</summary>
public sealed record RateLimitSettings
{
    public bool Enabled { get; init; } = true;
    public int PermitsPerSecond { get; init; } = 500;
    public int Burst { get; init; } = 1000;
}
