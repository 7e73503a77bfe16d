namespace Vigil.Node.Integration.Mqtt;

/// <summary>The bridge's topic layout under a configured prefix.</summary>
public sealed record MqttTopics(string Prefix)
{
    /// <summary>Subscription for readings: PREFIX/readings/SENSOR.</summary>
    public string ReadingsFilter => $"{Prefix}/readings/+";

    public string Alarm(string zoneId, string alarmId) => $"{Prefix}/alarms/{Safe(zoneId)}/{Safe(alarmId)}";

    public string Actuator(string actuatorId) => $"{Prefix}/actuators/{Safe(actuatorId)}";

    /// <summary>Where a refused reading is answered: PREFIX/rejects/SENSOR (the topic's last level as sent).</summary>
    public string Reject(string sensorLevel) => $"{Prefix}/rejects/{Safe(sensorLevel)}";

    /// <summary>The sensor id a reading topic names, or null when the topic is not PREFIX/readings/ONE-LEVEL.</summary>
    public string? SensorOf(string topic)
    {
        var head = Prefix + "/readings/";
        if (!topic.StartsWith(head, StringComparison.Ordinal))
            return null;
        var rest = topic[head.Length..];
        return rest.Length == 0 || rest.Contains('/') ? null : rest;
    }

    // Ids may hold characters that are MQTT wildcards or level separators; those never go into a published topic.
    private static string Safe(string level) => level.Replace('/', '_').Replace('+', '_').Replace('#', '_');
}
