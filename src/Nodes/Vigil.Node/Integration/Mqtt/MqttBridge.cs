using System.Text;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;
using MQTTnet;
using MQTTnet.Protocol;
using Vigil.Actors.Metrics;
using Vigil.Actors.Views;
using Vigil.Messages;
using Vigil.Node.Api;
using Vigil.Node.Hosting;

namespace Vigil.Node.Integration.Mqtt;

/// <summary>
/// The node's MQTT bridge: readings in (QoS 1) through the API's reading gate, alarm changes (retained, the alarm as it
/// stands) and actuator commands (retained, the last command per actuator) out. It reconnects with a doubling backoff and
/// never blocks alarm handling: outgoing messages wait in a bounded queue that drops its oldest when the broker is away.
/// </summary>
public sealed class MqttBridge(IServiceProvider services, NodeSettings settings, ReadModel model, IngestCounters counters,
    IHostApplicationLifetime lifetime, ILogger<MqttBridge> log) : BackgroundService
{
    private const int OutboxCapacity = 10_000;
    private readonly MqttSettings _mqtt = settings.Integration.Mqtt;
    private readonly MqttTopics _topics = new(settings.Integration.Mqtt.TopicPrefix);
    private readonly Channel<MqttApplicationMessage> _outbox = Channel.CreateBounded<MqttApplicationMessage>(
        new BoundedChannelOptions(OutboxCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly TaskCompletionSource _connectedOnce = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private EmbeddedBroker? _broker;
    private IMqttClient? _client;
    private IActorRef _sensors = ActorRefs.Nobody;

    /// <summary>The embedded broker's host:port once it runs (null without one).</summary>
    public string? EmbeddedEndpoint => _broker?.Endpoint;

    /// <summary>Completes when the bridge has connected and subscribed for the first time.</summary>
    public Task Connected => _connectedOnce.Task;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The embedded broker starts with the node, so its endpoint is known when StartAsync returns.
        if (_mqtt.EmbeddedBroker.Length > 0)
        {
            _broker = await EmbeddedBroker.StartAsync(_mqtt.EmbeddedBroker);
            log.LogInformation("Embedded MQTT broker listening on {Endpoint}", _broker.Endpoint);
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WhenStarted(stoppingToken);
        var system = services.GetRequiredService<ActorSystem>();
        _sensors = await services.GetRequiredService<IRequiredActor<SensorRegion>>().GetAsync(stoppingToken);
        var outward = system.ActorOf(Props.Create(() => new ActuatorListener(_outbox.Writer, _topics)), "mqtt-actuators");
        using var listening = model.Listen(OnAlarmChanged);

        var (host, port) = _mqtt.Broker.Length > 0
            ? NodeSettings.ParseEndpoint(_mqtt.Broker, "mqtt.broker")
            : (_broker!.Host, _broker.Port);
        var clientId = _mqtt.ClientId.Length > 0 ? _mqtt.ClientId : $"vigil-{settings.Host}-{Akka.Cluster.Cluster.Get(system).SelfAddress.Port}";
        using var client = new MqttClientFactory().CreateMqttClient();
        _client = client;
        client.ApplicationMessageReceivedAsync += OnMessage;
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(clientId)
            .WithCleanSession(false)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(5))
            .Build();

        var publishing = PublishLoop(client, stoppingToken);
        var backoff = TimeSpan.FromMilliseconds(500);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (!client.IsConnected)
                {
                    try
                    {
                        await client.ConnectAsync(options, stoppingToken);
                        var subscribe = new MqttClientSubscribeOptionsBuilder()
                            .WithTopicFilter(f => f.WithTopic(_topics.ReadingsFilter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
                            .Build();
                        await client.SubscribeAsync(subscribe, stoppingToken);
                        log.LogInformation("MQTT bridge connected to {Host}:{Port} as {ClientId}; readings on {Filter}", host, port, clientId, _topics.ReadingsFilter);
                        backoff = TimeSpan.FromMilliseconds(500);
                        _connectedOnce.TrySetResult();
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                    {
                        log.LogWarning("MQTT broker {Host}:{Port} unreachable ({Error}); next try in {Backoff}", host, port, ex.Message, backoff);
                        await Task.Delay(backoff, stoppingToken);
                        backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(_mqtt.ReconnectMaxSeconds).Ticks));
                        continue;
                    }
                }
                await Task.Delay(TimeSpan.FromMilliseconds(250), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            system.Stop(outward);
            _outbox.Writer.TryComplete();
            try
            {
                await publishing;
            }
            catch (OperationCanceledException)
            {
            }
            if (client.IsConnected)
                await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_broker is not null)
            await _broker.DisposeAsync();
    }

    private async Task WhenStarted(CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var a = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var b = ct.Register(() => started.TrySetCanceled(ct));
        await started.Task;
    }

    private Task OnMessage(MqttApplicationMessageReceivedEventArgs e)
    {
        var topic = e.ApplicationMessage.Topic;
        if (_topics.SensorOf(topic) is not { } sensorId)
        {
            counters.Reject("invalid");
            VigilMetrics.Mqtt.WithLabels("in", "rejected").Inc();
            return Task.CompletedTask;
        }
        ReadingGate.Outcome outcome;
        try
        {
            outcome = MqttIngest.Accept(sensorId, e.ApplicationMessage.Payload, settings.MaxBodyBytes, model, _sensors);
        }
        catch (Exception ex)
        {
            // The gate is total over its input; this is the last line that keeps a bad message from taking the bridge down.
            log.LogError(ex, "MQTT reading on {Topic} failed unexpectedly", topic);
            outcome = new(500, "internal", $"topic of sensor '{sensorId}': the reading could not be handled ({ex.GetType().Name})");
        }
        if (outcome.Accepted)
        {
            counters.Accepted();
            VigilMetrics.Mqtt.WithLabels("in", "ok").Inc();
            return Task.CompletedTask;
        }
        counters.Reject(outcome.Reason);
        VigilMetrics.Mqtt.WithLabels("in", "rejected").Inc();
        // The device is answered on its own rejects topic, with the same error body the HTTP API gives.
        var message = outcome.Message.Contains($"'{sensorId}'", StringComparison.Ordinal) ? outcome.Message : $"topic of sensor '{sensorId}': {outcome.Message}";
        var answer = Json.Error(message, outcome.Reason);
        answer["topic"] = topic;
        _outbox.Writer.TryWrite(new MqttApplicationMessageBuilder()
            .WithTopic(_topics.Reject(sensorId))
            .WithPayload(Encoding.UTF8.GetBytes(answer.ToJsonString(Json.Options)))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce)
            .Build());
        return Task.CompletedTask;
    }

    private void OnAlarmChanged(AlarmChanged change)
    {
        var payload = Json.Alarm(change.Alarm);
        payload["change"] = change.Change;
        _outbox.Writer.TryWrite(new MqttApplicationMessageBuilder()
            .WithTopic(_topics.Alarm(change.Alarm.ZoneId, change.Alarm.Id))
            .WithPayload(Encoding.UTF8.GetBytes(payload.ToJsonString(Json.Options)))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(true)
            .Build());
    }

    private async Task PublishLoop(IMqttClient client, CancellationToken ct)
    {
        await foreach (var message in _outbox.Reader.ReadAllAsync(ct))
        {
            while (true)
            {
                try
                {
                    if (client.IsConnected)
                    {
                        await client.PublishAsync(message, ct);
                        VigilMetrics.Mqtt.WithLabels("out", "ok").Inc();
                        break;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    VigilMetrics.Mqtt.WithLabels("out", "failed").Inc();
                    log.LogWarning("MQTT publish to {Topic} failed ({Error}); kept for the reconnect", message.Topic, ex.Message);
                }
                await Task.Delay(250, ct);
            }
        }
    }

    /// <summary>Subscribes to the cluster's actuator topic and queues each command for the broker (retained: the actuator's desired state).</summary>
    private sealed class ActuatorListener : ReceiveActor
    {
        public ActuatorListener(ChannelWriter<MqttApplicationMessage> outbox, MqttTopics topics)
        {
            DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(Topics.Actuators, Self));
            Receive<SubscribeAck>(_ => { });
            Receive<ActuatorCommand>(c => outbox.TryWrite(new MqttApplicationMessageBuilder()
                .WithTopic(topics.Actuator(c.ActuatorId))
                .WithPayload(Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new
                {
                    actuator = c.ActuatorId, kind = c.Kind, action = c.Action, duration_s = c.DurationS, alarm = c.AlarmId, reason = c.Reason,
                })))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag(true)
                .Build()));
        }
    }
}
