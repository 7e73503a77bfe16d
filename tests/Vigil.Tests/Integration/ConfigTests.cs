using Vigil.Node.Hosting;
using Xunit;

namespace Vigil.Tests.Integration;

/// <summary>Integration settings come from hocon/vigil.conf, VIGIL_* variables override them, and a bad one stops the node naming it.</summary>
public sealed class ConfigTests
{
    private static NodeSettings Resolve(params (string Key, string Value)[] env)
    {
        var map = env.ToDictionary(e => e.Key, e => e.Value);
        return NodeSettings.Resolve(new Dictionary<string, string>(), map.GetValueOrDefault);
    }

    [Fact]
    public void Defaults_come_from_hocon_and_environment_overrides_them()
    {
        var d = Resolve().Integration;
        Assert.Equal("text", d.LogFormat);
        Assert.False(d.Mqtt.Enabled);
        Assert.Equal("vigil", d.Mqtt.TopicPrefix);
        Assert.Empty(d.Webhooks.Urls);
        Assert.True(d.RateLimit.Enabled);
        Assert.Equal(500, d.RateLimit.PermitsPerSecond);

        var s = Resolve(("VIGIL_LOG_FORMAT", "json"), ("VIGIL_MQTT_BROKER", "10.0.0.5:1883"), ("VIGIL_WEBHOOK_URLS", "http://a/x, https://b/y"),
            ("VIGIL_WEBHOOK_SECRET", "0123456789abcdef"), ("VIGIL_RATE_LIMIT_PER_S", "50"), ("VIGIL_RATE_LIMIT", "off")).Integration;
        Assert.Equal("json", s.LogFormat);
        Assert.True(s.Mqtt.Enabled);
        Assert.Equal(["http://a/x", "https://b/y"], s.Webhooks.Urls);
        Assert.Equal(50, s.RateLimit.PermitsPerSecond);
        Assert.False(s.RateLimit.Enabled);
    }

    [Theory]
    [InlineData("VIGIL_LOG_FORMAT", "xml", "log-format")]
    [InlineData("VIGIL_MQTT_BROKER", "broker-without-port", "mqtt.broker")]
    [InlineData("VIGIL_MQTT_EMBEDDED", "127.0.0.1:99999", "mqtt.embedded-broker")]
    [InlineData("VIGIL_MQTT_TOPIC_PREFIX", "plant/#", "mqtt.topic-prefix")]
    [InlineData("VIGIL_MQTT_RECONNECT_MAX_S", "-3", "mqtt.reconnect-max-s")]
    [InlineData("VIGIL_WEBHOOK_URLS", "ftp://x/y", "webhooks.urls")]
    [InlineData("VIGIL_WEBHOOK_MAX_ATTEMPTS", "many", "webhooks.max-attempts")]
    [InlineData("VIGIL_RATE_LIMIT", "maybe", "rate-limit.enabled")]
    [InlineData("VIGIL_RATE_LIMIT_PER_S", "0", "rate-limit.permits-per-second")]
    public void A_bad_setting_is_refused_naming_it(string variable, string value, string named)
    {
        var ex = Assert.Throws<ArgumentException>(() => Resolve((variable, value), ("VIGIL_WEBHOOK_SECRET", "0123456789abcdef")));
        Assert.Contains(named, ex.Message);
        Assert.Contains(variable, ex.Message);
    }

    [Fact]
    public void Webhooks_without_a_signing_secret_are_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => Resolve(("VIGIL_WEBHOOK_URLS", "http://127.0.0.1:9/hook")));
        Assert.Contains("VIGIL_WEBHOOK_SECRET", ex.Message);
    }
}
