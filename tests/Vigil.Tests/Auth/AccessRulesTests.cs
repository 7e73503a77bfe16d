using Vigil.Node.Auth;
using Xunit;

namespace Vigil.Tests.Auth;

public sealed class AccessRulesTests
{
    [Theory]
    [InlineData("GET", "/health/ready", Need.Anonymous)]
    [InlineData("GET", "/metrics", Need.Anonymous)]
    [InlineData("GET", "/console/app.js", Need.Anonymous)]
    [InlineData("POST", "/auth/login", Need.Anonymous)]
    [InlineData("POST", "/console/anything", Need.Admin)]
    [InlineData("GET", "/api/alarms", Need.Viewer)]
    [InlineData("GET", "/api/alarms/stream", Need.Viewer)]
    [InlineData("POST", "/api/alarms/a-000001@z/ack", Need.Operator)]
    [InlineData("POST", "/api/alarms/a-000001@z/dispatch", Need.Operator)]
    [InlineData("POST", "/api/alarms/a-000001@z/resolve", Need.Operator)]
    [InlineData("POST", "/api/readings", Need.Ingest)]
    [InlineData("POST", "/api/sensors", Need.Admin)]
    [InlineData("DELETE", "/api/sensors/cam-1", Need.Admin)]
    [InlineData("POST", "/api/zones", Need.Admin)]
    [InlineData("GET", "/api/users", Need.Admin)]
    [InlineData("GET", "/api/keys", Need.Admin)]
    [InlineData("POST", "/api/webhooks", Need.Admin)]
    public void Every_path_needs_what_the_allow_list_says(string method, string path, Need expected) =>
        Assert.Equal(expected, AccessRules.For(method, path));

    [Theory]
    [InlineData(Roles.Viewer, Need.Viewer, true)]
    [InlineData(Roles.Viewer, Need.Operator, false)]
    [InlineData(Roles.Viewer, Need.Ingest, false)]
    [InlineData(Roles.Operator, Need.Operator, true)]
    [InlineData(Roles.Operator, Need.Admin, false)]
    [InlineData(Roles.Operator, Need.Ingest, false)]
    [InlineData(Roles.Admin, Need.Admin, true)]
    [InlineData(Roles.Admin, Need.Ingest, true)]
    [InlineData(Roles.Device, Need.Ingest, true)]
    [InlineData(Roles.Device, Need.Viewer, false)]
    [InlineData("nobody", Need.Viewer, false)]
    public void Roles_rank_viewer_operator_admin_and_devices_only_post_readings(string role, Need need, bool allowed) =>
        Assert.Equal(allowed, Roles.Allows(role, need));

    [Fact]
    public void Passwords_are_salted_pbkdf2_and_verify_only_the_right_one()
    {
        var a = Passwords.Hash("correct horse");
        var b = Passwords.Hash("correct horse");
        Assert.NotEqual(a, b);
        Assert.StartsWith("pbkdf2-sha256$", a);
        Assert.True(Passwords.Verify("correct horse", a));
        Assert.False(Passwords.Verify("correct horsE", a));
        Assert.False(Passwords.Verify("correct horse", "garbage"));
        Assert.False(Passwords.Verify("correct horse", "pbkdf2-sha256$1000$not-base64$x"));
    }
}
