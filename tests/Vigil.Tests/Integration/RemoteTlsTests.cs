using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Configuration;
using Vigil.Node.Hosting;
using Vigil.Node.Integration;
using Vigil.Tests.Support;
using Xunit;

namespace Vigil.Tests.Integration;

/// <summary>Two in-process actor systems talk over Akka.Remote with the TLS settings Vigil generates, using a certificate made here.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class RemoteTlsTests
{
    private const string Password = "vigil-test";

    private static string SelfSignedPfx(string dir)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=vigil-node", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var path = Path.Combine(dir, "node.pfx");
        File.WriteAllBytes(path, cert.Export(X509ContentType.Pkcs12, Password));
        return path;
    }

    private static ActorSystem StartSystem(string name, RemoteSecurity security)
    {
        var node = new NodeSettings
        {
            HttpHost = "127.0.0.1", HttpPort = 0, Host = "127.0.0.1", Port = 0, Seeds = [], Roles = NodeSettings.KnownRoles,
            DataDir = ".", Database = DatabaseSettings.InMemory,
        };
        var config = ConfigurationFactory.ParseString(security.ToHocon(node))
            .WithFallback(ConfigurationFactory.ParseString("""
                akka.actor.provider = remote
                akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
                akka.loglevel = WARNING
                """));
        return ActorSystem.Create(name, config);
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => Receive<string>(s => Sender.Tell("echo:" + s));
    }

    [Fact]
    public async Task Two_systems_exchange_messages_over_tls_and_a_plain_peer_is_refused()
    {
        using var dir = new TempDir();
        var tls = new RemoteSecurity { Tls = true, CertificatePath = SelfSignedPfx(dir.Path), CertificatePassword = Password, SuppressValidation = true, MutualAuthentication = true };
        tls.Validate();

        var a = StartSystem("vigil", tls);
        var b = StartSystem("vigil", tls);
        var plain = StartSystem("vigil", new RemoteSecurity());
        try
        {
            a.ActorOf(Props.Create(() => new Echo()), "echo");
            var address = ((ExtendedActorSystem)a).Provider.DefaultAddress;
            Assert.Equal("akka.ssl.tcp", address.Protocol);

            var echo = await b.ActorSelection(new RootActorPath(address) / "user" / "echo").ResolveOne(TimeSpan.FromSeconds(20));
            Assert.Equal("echo:over tls", await echo.Ask<string>("over tls", TimeSpan.FromSeconds(10)));

            // A node without TLS speaks another protocol: it cannot reach the TLS node at all.
            var plainAddress = new Address("akka.tcp", "vigil", address.Host, address.Port);
            await Assert.ThrowsAnyAsync<Exception>(() => plain.ActorSelection(new RootActorPath(plainAddress) / "user" / "echo").ResolveOne(TimeSpan.FromSeconds(3)));
        }
        finally
        {
            await Task.WhenAll(a.Terminate(), b.Terminate(), plain.Terminate());
        }
    }

    [Fact]
    public async Task Remoting_binds_the_configured_interface_and_advertises_the_host()
    {
        using var dir = new TempDir();
        // 127.0.0.2 is loopback too on Linux: the node binds it while other nodes are told to dial 127.0.0.1.
        await using var node = await TestNode.StartAsync(dir.Path, configure: s => s with
        {
            Integration = s.Integration with { Remote = new RemoteSecurity { BindHost = "127.0.0.2" } },
        });
        var system = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ActorSystem>(node.Services);
        Assert.Equal("127.0.0.2", system.Settings.Config.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal("127.0.0.1", ((ExtendedActorSystem)system).Provider.DefaultAddress.Host);
    }

    [Fact]
    public void Tls_without_a_certificate_is_refused_at_start()
    {
        var ex = Assert.Throws<ArgumentException>(() => NodeSettings.Resolve(new Dictionary<string, string>(),
            new Dictionary<string, string> { ["VIGIL_REMOTE_TLS"] = "on" }.GetValueOrDefault));
        Assert.Contains("VIGIL_REMOTE_TLS_CERT", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => NodeSettings.Resolve(new Dictionary<string, string>(),
            new Dictionary<string, string> { ["VIGIL_REMOTE_TLS"] = "on", ["VIGIL_REMOTE_TLS_CERT"] = "/no/such.pfx" }.GetValueOrDefault));
        Assert.Contains("does not exist", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => NodeSettings.Resolve(new Dictionary<string, string>(),
            new Dictionary<string, string> { ["VIGIL_REMOTE_BIND"] = "eth0" }.GetValueOrDefault));
        Assert.Contains("remote.bind-host", ex.Message);
    }
}
