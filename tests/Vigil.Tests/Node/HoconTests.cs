using Akka.Configuration;
using Vigil.Node.Hosting;
using Xunit;

namespace Vigil.Tests.Node;

public sealed class HoconTests
{
    public static TheoryData<string> Files() => new(Directory.GetFiles(NodeSettings.HoconDir, "*.conf").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Files))]
    public void Hocon_file_parses(string file)
    {
        var config = ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(NodeSettings.HoconDir, file)));
        Assert.False(config.IsEmpty);
    }

    [Fact]
    public void Node_defaults_come_from_hocon_and_flags_win_over_environment()
    {
        var defaults = NodeSettings.Resolve(new Dictionary<string, string>(), _ => null);
        Assert.Equal(("127.0.0.1", 8080, 4053), (defaults.HttpHost, defaults.HttpPort, defaults.Port));
        Assert.Equal(NodeSettings.KnownRoles, defaults.Roles);
        Assert.Equal("sqlite", defaults.Database.Provider);

        var env = new Dictionary<string, string> { ["VIGIL_PORT"] = "5000", ["VIGIL_ROLES"] = "api" };
        var s = NodeSettings.Resolve(new Dictionary<string, string> { ["port"] = "6000", ["db"] = "postgres:Host=127.0.0.1;Port=5432;Username=v" }, env.GetValueOrDefault);
        Assert.Equal(6000, s.Port);
        Assert.Equal(["api"], s.Roles);
        Assert.Equal("postgres", s.Database.Provider);
    }

    [Theory]
    [InlineData("port", "70000", "--port")]
    [InlineData("http", "nohost", "--http")]
    [InlineData("roles", "sensors,wizard", "wizard")]
    [InlineData("db", "mysql:x", "--db")]
    [InlineData("seeds", "a:1,b", "--seeds")]
    public void Bad_settings_are_refused_naming_the_value(string flag, string value, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => NodeSettings.Resolve(new Dictionary<string, string> { [flag] = value }, _ => null));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Connection_string_is_quoted_into_hocon_not_spliced()
    {
        var db = new DatabaseSettings(DatabaseSettings.Postgres, "Host=h;Password=a\"b}c");
        var config = ConfigurationFactory.ParseString(db.ToHocon());
        Assert.Equal("Host=h;Password=a\"b}c", config.GetString("akka.persistence.journal.sql.connection-string"));
    }

    [Theory]
    [InlineData("Host=h;Username=u", 30)]
    [InlineData("Host=h;Username=u;Maximum Pool Size=80", 80)]
    [InlineData("Host=h;Username=u;maxpoolsize=5", 5)]
    public void A_node_holds_at_most_30_postgresql_connections_unless_the_connection_string_says(string cs, int expected)
    {
        var db = DatabaseSettings.Parse("postgres:" + cs, Path.GetTempPath());
        Assert.Equal(expected, new Npgsql.NpgsqlConnectionStringBuilder(db.ConnectionString).MaxPoolSize);
    }
}
