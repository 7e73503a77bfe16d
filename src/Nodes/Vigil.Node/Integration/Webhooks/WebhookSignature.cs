using System.Security.Cryptography;
using System.Text;

namespace Vigil.Node.Integration.Webhooks;

/// <summary>
/// Webhook signing: X-Vigil-Signature is "sha256=" + hex HMAC-SHA256, under the shared secret, of
/// "TIMESTAMP.BODY" where TIMESTAMP is the X-Vigil-Timestamp header (Unix seconds). Receivers recompute it and
/// refuse old timestamps, so a captured delivery cannot be replayed later.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-Vigil-Signature";
    public const string TimestampHeader = "X-Vigil-Timestamp";
    public const string DeliveryHeader = "X-Vigil-Delivery";

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }

    /// <summary>Constant-time check of a received signature.</summary>
    public static bool Verify(string secret, long timestamp, ReadOnlySpan<byte> body, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, timestamp, body)), Encoding.ASCII.GetBytes(signature));
}
