using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using MQTTnet;
using MQTTnet.Protocol;

namespace Vigil.Tests.Integration;

/// <summary>A real MQTT client for the tests: publishes readings and records what it receives, by topic.</summary>
internal sealed class MqttProbe : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly ConcurrentQueue<(string Topic, JsonNode? Body, bool Retained)> _received = new();

    private MqttProbe(IMqttClient client)
    {
        _client = client;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            var text = Encoding.UTF8.GetString(e.ApplicationMessage.Payload);
            JsonNode? body;
            try
            {
                body = JsonNode.Parse(text);
            }
            catch (System.Text.Json.JsonException)
            {
                body = null;
            }
            _received.Enqueue((e.ApplicationMessage.Topic, body, e.ApplicationMessage.Retain));
            return Task.CompletedTask;
        };
    }

    public static async Task<MqttProbe> ConnectAsync(string host, int port, params string[] filters)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var probe = new MqttProbe(client);
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(host, port).WithClientId("probe-" + Guid.NewGuid().ToString("N")[..8]).Build());
        if (filters.Length > 0)
        {
            var b = new MqttClientSubscribeOptionsBuilder();
            foreach (var f in filters)
                b.WithTopicFilter(t => t.WithTopic(f).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));
            await client.SubscribeAsync(b.Build());
        }
        return probe;
    }

    public IReadOnlyList<(string Topic, JsonNode? Body, bool Retained)> Received => _received.ToList();

    public Task Publish(string topic, string payload) => Publish(topic, Encoding.UTF8.GetBytes(payload));

    public async Task Publish(string topic, byte[] payload) =>
        await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
            await _client.DisconnectAsync();
        _client.Dispose();
    }
}
