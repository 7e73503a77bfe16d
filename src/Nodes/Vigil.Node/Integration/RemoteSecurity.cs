using Vigil.Node.Hosting;

namespace Vigil.Node.Integration;

/// <summary>
/// Where the cluster's remoting port listens and whether it speaks TLS: Akka.Remote's dot-netty transport settings as
/// HOCON, from <c>vigil.remote</c> in hocon/vigil.conf or VIGIL_REMOTE_* variables. With TLS every node presents the
/// same (or a commonly trusted) PKCS#12 certificate and refuses peers that do not; with mutual authentication the
/// client side must present one as well.
/// </summary>
public sealed record RemoteSecurity
{
    /// <summary>Interface the remoting port binds to (e.g. 0.0.0.0 or the plant network's address); empty = the node's host.</summary>
    public string BindHost { get; init; } = "";

    public bool Tls { get; init; }

    /// <summary>PKCS#12 (.pfx/.p12) file with the certificate and its private key.</summary>
    public string CertificatePath { get; init; } = "";

    public string CertificatePassword { get; init; } = "";

    /// <summary>Both sides present certificates (recommended across plant servers).</summary>
    public bool MutualAuthentication { get; init; } = true;

    /// <summary>Accept a peer certificate no trusted CA signed (self-signed certificates shared by all nodes).</summary>
    public bool SuppressValidation { get; init; }

    public static RemoteSecurity Resolve(Akka.Configuration.Config vigil, Func<string, string?> env)
    {
        string Str(string envName, string key) => env(envName) is { Length: > 0 } e ? e : vigil.HasPath(key) ? vigil.GetString(key) ?? "" : "";
        bool Bool(string envName, string key, bool fallback)
        {
            var raw = Str(envName, key);
            return raw.Length == 0 ? fallback : raw.ToLowerInvariant() switch
            {
                "true" or "on" or "yes" or "1" => true,
                "false" or "off" or "no" or "0" => false,
                _ => throw new ArgumentException($"{key} ({envName}): '{raw}' is not true or false"),
            };
        }
        var r = new RemoteSecurity
        {
            BindHost = Str("VIGIL_REMOTE_BIND", "remote.bind-host"),
            Tls = Bool("VIGIL_REMOTE_TLS", "remote.tls.enabled", false),
            CertificatePath = Str("VIGIL_REMOTE_TLS_CERT", "remote.tls.certificate-path"),
            CertificatePassword = Str("VIGIL_REMOTE_TLS_CERT_PASSWORD", "remote.tls.certificate-password"),
            MutualAuthentication = Bool("VIGIL_REMOTE_TLS_MUTUAL", "remote.tls.mutual-authentication", true),
            SuppressValidation = Bool("VIGIL_REMOTE_TLS_SELF_SIGNED", "remote.tls.self-signed", false),
        };
        r.Validate();
        return r;
    }

    public void Validate()
    {
        if (BindHost.Length > 0 && !System.Net.IPAddress.TryParse(BindHost, out _))
            throw new ArgumentException($"remote.bind-host (VIGIL_REMOTE_BIND): '{BindHost}' is not an IP address");
        if (!Tls)
            return;
        if (CertificatePath.Length == 0)
            throw new ArgumentException("remote.tls.certificate-path (VIGIL_REMOTE_TLS_CERT): TLS needs a PKCS#12 certificate file");
        if (!File.Exists(CertificatePath))
            throw new ArgumentException($"remote.tls.certificate-path (VIGIL_REMOTE_TLS_CERT): '{CertificatePath}' does not exist");
    }

    /// <summary>The dot-netty settings, each value quoted (never spliced raw into config text). Empty when nothing is set.</summary>
    public string ToHocon(NodeSettings node)
    {
        var lines = new List<string>();
        if (BindHost.Length > 0)
        {
            lines.Add($"akka.remote.dot-netty.tcp.hostname = {Quote(BindHost)}");
            lines.Add($"akka.remote.dot-netty.tcp.public-hostname = {Quote(node.Host)}");
        }
        if (Tls)
        {
            lines.Add("akka.remote.dot-netty.tcp.enable-ssl = true");
            lines.Add($"akka.remote.dot-netty.tcp.ssl.suppress-validation = {(SuppressValidation ? "true" : "false")}");
            lines.Add($"akka.remote.dot-netty.tcp.ssl.require-mutual-authentication = {(MutualAuthentication ? "true" : "false")}");
            // A self-signed certificate shared by all nodes names no host; a CA-issued one is checked against the peer's name.
            lines.Add($"akka.remote.dot-netty.tcp.ssl.validate-certificate-hostname = {(SuppressValidation ? "false" : "true")}");
            lines.Add($"akka.remote.dot-netty.tcp.ssl.certificate.path = {Quote(CertificatePath)}");
            lines.Add($"akka.remote.dot-netty.tcp.ssl.certificate.password = {Quote(CertificatePassword)}");
        }
        return string.Join("\n", lines);
    }

    private static string Quote(string s) =>
        "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\r", "\\r") + "\"";
}
