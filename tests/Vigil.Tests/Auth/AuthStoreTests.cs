using System.Data.Common;
using Vigil.Node.Auth;
using Vigil.Node.Hosting;
using Vigil.Tests.Support;
using Xunit;

namespace Vigil.Tests.Auth;

/// <summary>The credential store on a real SQLite file, without a node.</summary>
public sealed class AuthStoreTests
{
    private static DatabaseSettings Unpooled(string path) => new(DatabaseSettings.Sqlite, $"Data Source={path};Pooling=False");

    [Fact]
    public async Task Stores_only_hashes_and_a_key_added_twice_is_stored_once()
    {
        using var dir = new TempDir();
        var db = Path.Combine(dir.Path, "auth.db");
        using var store = new AuthStore(Unpooled(db));
        await store.SetUserAsync("olga", Roles.Operator, "olga-secret-1");
        await store.AddKeyIfMissingAsync("vk_the-same-key-on-every-node", "admin-key", Roles.Admin);
        await store.AddKeyIfMissingAsync("vk_the-same-key-on-every-node", "admin-key", Roles.Admin);
        var (key, _) = await store.CreateKeyAsync("gw", Roles.Device);

        Assert.Equal(2, (await store.KeysAsync()).Count);
        var bytes = await File.ReadAllTextAsync(db);
        Assert.DoesNotContain("olga-secret-1", bytes);
        Assert.DoesNotContain(key, bytes);
        Assert.DoesNotContain("vk_the-same-key-on-every-node", bytes);
        Assert.Equal(Roles.Device, (await store.KeyAsync(key))!.Role);
        Assert.Null(await store.KeyAsync(key + "x"));
        Assert.Null(await store.SignInAsync("olga", "olga-secret-2"));
        Assert.NotNull(await store.SignInAsync("olga", "olga-secret-1"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SetUserAsync("bad name!", Roles.Viewer, "long-enough"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SetUserAsync("short", Roles.Viewer, "short"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SetUserAsync("dev", Roles.Device, "long-enough"));
    }

    [Fact]
    public async Task When_the_database_is_gone_a_credential_seen_before_still_works_and_a_new_one_is_an_error_not_a_yes()
    {
        using var dir = new TempDir();
        var folder = Path.Combine(dir.Path, "db");
        Directory.CreateDirectory(folder);
        using var store = new AuthStore(Unpooled(Path.Combine(folder, "auth.db")), cacheFor: TimeSpan.Zero);
        var (key, _) = await store.CreateKeyAsync("gw", Roles.Device);
        Assert.NotNull(await store.KeyAsync(key));

        Directory.Delete(folder, recursive: true);

        Assert.Equal("gw", (await store.KeyAsync(key))!.Name);
        await Assert.ThrowsAnyAsync<DbException>(() => store.KeyAsync("vk_never-seen-before-000000"));
    }
}
