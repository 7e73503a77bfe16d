using System.Net;
using System.Net.Sockets;
using MQTTnet.Server;
using Vigil.Node.Hosting;

namespace Vigil.Node.Integration.Mqtt;

/// <summary>An MQTT broker hosted inside the node (MQTTnet's server), for the demo and the tests; plants use their own broker.</summary>
public sealed class EmbeddedBroker : IAsyncDisposable
{
    private readonly MqttServer _server;

    public string Host { get; }
    public int Port { get; }
    public string Endpoint => $"{Host}:{Port}";

    private EmbeddedBroker(MqttServer server, string host, int port)
    {
        _server = server;
        Host = host;
        Port = port;
    }

    /// <param name="endpoint">host:port; port 0 takes a free port of that interface</param>
    public static async Task<EmbeddedBroker> StartAsync(string endpoint)
    {
        var (host, port) = NodeSettings.ParseEndpoint(endpoint, "mqtt.embedded-broker");
        var address = host is "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var ip) ? ip
            : throw new ArgumentException($"mqtt.embedded-broker: '{host}' is not an IP address");
        if (port == 0)
            port = FreePort(address);
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(address)
            .WithDefaultEndpointPort(port)
            .Build();
        var server = new MqttServerFactory().CreateMqttServer(options);
        await server.StartAsync();
        return new EmbeddedBroker(server, address.ToString(), port);
    }

    /// <summary>A port the OS says is free now (MQTTnet does not report the port it bound when asked for 0).</summary>
    public static int FreePort(IPAddress address)
    {
        using var probe = new TcpListener(address, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        _server.Dispose();
    }
}
