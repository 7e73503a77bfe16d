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

    public override byte[] ToBinary(object obj) =>
        JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);

    public override object FromBinary(byte[] bytes, string manifest) =>
        Manifests.TypeOf.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, Options) ?? throw new SerializationException($"'{manifest}' deserialised to null")
            : throw new SerializationException($"Unknown manifest '{manifest}': this node is older than the data it reads");

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
