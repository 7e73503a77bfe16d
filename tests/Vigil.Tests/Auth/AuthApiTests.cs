using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Vigil.Node.Auth;
using Vigil.Node.Hosting;
using Vigil.Tests.Node;
using Vigil.Tests.Support;
using Xunit;

namespace Vigil.Tests.Auth;

/// <summary>Access control on a real node: keys, sign-in cookies, roles, and the operator's name in the timeline.</summary>
public sealed class AuthApiTests : IAsyncLifetime
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);
    private readonly TempDir _dir = new();
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        _node = await TestNode.StartAsync(_dir.Path);
        Assert.Equal(HttpStatusCode.Created, (await _node.PostJson("/api/zones", Plant.Zones)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _node.PostJson("/api/sensors", Plant.Sensors)).StatusCode);
        foreach (var (name, role) in new[] { ("olga", "operator"), ("victor", "viewer") })
            Assert.Equal(HttpStatusCode.Created, (await _node.PostJson("/api/users", $$"""{"name":"{{name}}","role":"{{role}}","password":"{{name}}-secret-1"}""")).StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    private HttpClient Anonymous() => new() { BaseAddress = new Uri(_node.BaseUrl) };

    private async Task<HttpClient> SignedIn(string name)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(_node.BaseUrl) };
        var r = await http.PostAsJsonAsync("/auth/login", new { name, password = $"{name}-secret-1" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return http;
    }

    private async Task<string> RaiseAlarm()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await _node.PostJson("/api/readings", Plant.HotSpot(DateTimeOffset.UtcNow))).StatusCode);
        var alarm = await Eventually.Value(async () => (await _node.GetJson("/api/alarms?state=open")).AsArray().FirstOrDefault(), Generous, "an open alarm");
        return (string)alarm!["id"]!;
    }

    [Fact]
    public async Task Without_credentials_only_health_and_the_console_shell_answer()
    {
        using var http = Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/alarms")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/alarms/stream")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("/api/readings", JsonContent.Create(new { }))).StatusCode);
        http.DefaultRequestHeaders.Add("X-Api-Key", "vk_not-a-key-at-all-000000");
        var bad = await http.GetAsync("/api/alarms");
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Contains("X-Api-Key", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Wrong_password_is_refused_and_sign_out_ends_the_session()
    {
        using var http = Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/auth/login", new { name = "olga", password = "guess-guess" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/auth/login", new { name = "nobody", password = "guess-guess" })).StatusCode);
        using var olga = await SignedIn("olga");
        var me = await olga.GetFromJsonAsync<JsonNode>("/api/me");
        Assert.Equal("operator", (string?)me!["role"]);
        Assert.Equal(HttpStatusCode.OK, (await olga.PostAsync("/auth/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await olga.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task A_viewer_reads_but_cannot_handle_alarms_or_change_the_plant()
    {
        var id = await RaiseAlarm();
        using var victor = await SignedIn("victor");
        Assert.Equal(HttpStatusCode.OK, (await victor.GetAsync("/api/alarms")).StatusCode);
        var ack = await victor.PostAsJsonAsync($"/api/alarms/{Uri.EscapeDataString(id)}/ack", new { note = "mine" });
        Assert.Equal(HttpStatusCode.Forbidden, ack.StatusCode);
        Assert.Contains("operator", await ack.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await victor.PostAsJsonAsync("/api/sensors", new { id = "cam-x", kind = "camera", zone = "moulding-a" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await victor.GetAsync("/api/users")).StatusCode);
        Assert.Equal("raised", (string?)(await _node.GetJson($"/api/alarms/{Uri.EscapeDataString(id)}"))["state"]);

        // A viewer API key is refused the same way.
        var key = await (await _node.PostJson("/api/keys", """{"name":"wallboard","role":"viewer"}""")).Content.ReadFromJsonAsync<JsonNode>();
        using var wall = Anonymous();
        wall.DefaultRequestHeaders.Add("X-Api-Key", (string)key!["key"]!);
        Assert.Equal(HttpStatusCode.OK, (await wall.GetAsync("/api/alarms")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await wall.PostAsJsonAsync($"/api/alarms/{Uri.EscapeDataString(id)}/ack", new { by = "x" })).StatusCode);
    }

    [Fact]
    public async Task An_operator_handles_an_alarm_and_the_timeline_names_them_not_what_the_body_claims()
    {
        var id = await RaiseAlarm();
        using var olga = await SignedIn("olga");
        var ack = await olga.PostAsJsonAsync($"/api/alarms/{Uri.EscapeDataString(id)}/ack", new { by = "the-boss", note = "on it" });
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await olga.PostAsJsonAsync($"/api/alarms/{Uri.EscapeDataString(id)}/resolve", new { note = "cooled down" })).StatusCode);
        var alarm = await _node.GetJson($"/api/alarms/{Uri.EscapeDataString(id)}");
        var timeline = alarm["timeline"]!.AsArray().Select(t => ((string?)t!["action"], (string?)t["by"])).ToList();
        Assert.Contains(("acknowledged", "olga"), timeline);
        Assert.Contains(("resolved", "olga"), timeline);
        Assert.DoesNotContain(timeline, t => t.Item2 == "the-boss");
        // An operator cannot register sensors.
        Assert.Equal(HttpStatusCode.Forbidden, (await olga.PostAsJsonAsync("/api/sensors", new { id = "cam-x", kind = "camera", zone = "moulding-a" })).StatusCode);
    }

    [Fact]
    public async Task A_device_key_posts_readings_only_and_a_revoked_key_stops_working()
    {
        var created = await (await _node.PostJson("/api/keys", """{"name":"thermal-gw","role":"device"}""")).Content.ReadFromJsonAsync<JsonNode>();
        using var device = Anonymous();
        device.DefaultRequestHeaders.Add("X-Api-Key", (string)created!["key"]!);
        Assert.Equal(HttpStatusCode.Accepted, (await device.PostAsync("/api/readings",
            new StringContent(Plant.HotSpot(DateTimeOffset.UtcNow), System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await device.GetAsync("/api/alarms")).StatusCode);
        var keys = (await _node.GetJson("/api/keys")).AsArray();
        Assert.DoesNotContain(keys, k => k!["key"] is not null);
        Assert.Equal(HttpStatusCode.OK, (await _node.Http.DeleteAsync($"/api/keys/{(string)created["id"]!}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await device.PostAsync("/api/readings",
            new StringContent(Plant.HotSpot(DateTimeOffset.UtcNow), System.Text.Encoding.UTF8, "application/json"))).StatusCode);
    }

    [Fact]
    public async Task Users_and_keys_outlive_a_restart_and_a_node_without_an_admin_refuses_to_run()
    {
        var settings = _node.Settings;
        await _node.DisposeAsync();
        _node = await TestNode.StartAsync(_dir.Path);
        using var olga = await SignedIn("olga");
        Assert.Equal(HttpStatusCode.OK, (await olga.GetAsync("/api/alarms")).StatusCode);

        // The same database has an admin: run needs no flag, and access control stays on.
        Assert.False((await AuthSetup.RequireAdminAsync(settings with { AdminKey = null, AdminPassword = null })).OpenOnLoopback);
        // A fresh one has none: reachable from the network, run refuses, naming the flags; on loopback only, it runs open.
        using var empty = new TempDir();
        var fresh = settings with { AdminKey = null, AdminPassword = null, Database = DatabaseSettings.ForSqliteFile(Path.Combine(empty.Path, "v.db")) };
        var error = await Assert.ThrowsAsync<ArgumentException>(() => AuthSetup.RequireAdminAsync(fresh with { HttpHost = "0.0.0.0" }));
        Assert.Contains("--admin-password", error.Message);
        Assert.True((await AuthSetup.RequireAdminAsync(fresh)).OpenOnLoopback);
    }

    [Fact]
    public async Task A_loopback_node_without_any_admin_serves_requests_as_the_local_admin()
    {
        using var dir = new TempDir();
        await using var open = await TestNode.StartAsync(dir.Path, configure: s => s with { AdminKey = null, OpenOnLoopback = true });
        using var anonymous = new HttpClient { BaseAddress = new Uri(open.BaseUrl) };
        using var zone = await anonymous.PostAsync("/api/zones", new StringContent("""{"id":"m1","kind":"production"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, zone.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/alarms")).StatusCode);
    }
}
