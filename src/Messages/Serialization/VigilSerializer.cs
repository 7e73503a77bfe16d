using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using System.Runtime.Serialization;
using Akka.Serialization;

namespace Vigil.Messages.Serialization;

/// <summary>
/// JSON with explicit string manifests for every message that crosses a node or reaches the journal.
/// A manifest names the type and its version ("sensor-registered.v1"); renaming or moving a class never
/// breaks stored events, and a new version gets a new manifest while the old one stays readable.
/// </summary>
public sealed class VigilSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Fixed forever: it is stored beside every event in the journal.</summary>
    public const int Id = 4711;

    public override int Identifier => Id;

    public override byte[] ToBinary(object obj)
    {
        if (obj is not ViewCheckpoint)
            return JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);
        // A view checkpoint holds thousands of alarms of repetitive JSON: gzip makes it a tenth of the size.
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
            JsonSerializer.Serialize(gzip, obj, obj.GetType(), Options);
        return buffer.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!Manifests.TypeOf.TryGetValue(manifest, out var type))
            throw new SerializationException($"Unknown manifest '{manifest}': this node is older than the data it reads");
        object? value;
        if (type == typeof(ViewCheckpoint))
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            value = JsonSerializer.Deserialize(gzip, type, Options);
        }
        else
            value = JsonSerializer.Deserialize(bytes, type, Options);
        return value ?? throw new SerializationException($"'{manifest}' deserialised to null");
    }

    public override string Manifest(object o) =>
        Manifests.NameOf.TryGetValue(o.GetType(), out var name)
            ? name
            : throw new ArgumentException($"{o.GetType()} has no manifest; add it to {nameof(Manifests)}");

    /// <summary>Shared JSON options: snake_case names, nulls left out, strict numbers.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
    };
}
