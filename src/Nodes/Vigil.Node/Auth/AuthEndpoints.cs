using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Node.Api;

namespace Vigil.Node.Auth;

/// <summary>Sign-in and sign-out, who am I, and the admin's users, API keys and patrol roster.</summary>
public static class AuthEndpoints
{
    public static void MapVigilAuth(this WebApplication app)
    {
        app.MapPost("/auth/login", Login);
        app.MapPost("/auth/logout", Logout);
        app.MapGet("/api/me", (HttpContext c) => AuthMiddleware.CallerOf(c) is { } me
            ? Results.Json(new { name = me.Name, role = me.Role, via = me.Via }, Json.Options)
            : Results.Unauthorized());
        app.MapGet("/api/auth/stats", (AuthCounters c) => Results.Json(new { refused = c.Snapshot }, Json.Options));

        app.MapGet("/api/users", async (AuthStore s) => Results.Json((await s.UsersAsync()).Select(u => new { name = u.Name, role = u.Role, created_at = u.CreatedAt }), Json.Options));
        app.MapPost("/api/users", async (HttpRequest r, AuthStore s) => await WithBody(r, async b =>
        {
            var (name, role, password) = (Str(b, "name"), Str(b, "role"), Str(b, "password"));
            await s.SetUserAsync(name, role, password);
            return Results.Json(new { name, role }, Json.Options, statusCode: StatusCodes.Status201Created);
        }));
        app.MapDelete("/api/users/{name}", async (string name, HttpContext c, AuthStore s) =>
            AuthMiddleware.CallerOf(c)?.Name == name ? Error(StatusCodes.Status409Conflict, "you cannot delete yourself")
            : await s.DeleteUserAsync(name) ? Results.Json(new { deleted = name }, Json.Options)
            : Error(StatusCodes.Status404NotFound, $"user '{name}' does not exist"));

        app.MapGet("/api/keys", async (AuthStore s) => Results.Json((await s.KeysAsync()).Select(k => new { id = k.Id, name = k.Name, role = k.Role, created_at = k.CreatedAt }), Json.Options));
        app.MapPost("/api/keys", async (HttpRequest r, AuthStore s) => await WithBody(r, async b =>
        {
            var (key, info) = await s.CreateKeyAsync(Str(b, "name"), Str(b, "role"));
            return Results.Json(new { id = info.Id, name = info.Name, role = info.Role, key }, Json.Options, statusCode: StatusCodes.Status201Created);
        }));
        app.MapDelete("/api/keys/{id}", async (string id, AuthStore s) =>
            await s.RevokeKeyAsync(id) ? Results.Json(new { revoked = id }, Json.Options) : Error(StatusCodes.Status404NotFound, $"key '{id}' does not exist"));

        app.MapGet("/api/patrols", async (AuthStore s) => Results.Json((await s.PatrolsAsync()).Select(p => new { name = p.Name, members = p.Members }), Json.Options));
        app.MapPost("/api/patrols", async (HttpRequest r, AuthStore s) => await WithBody(r, async b =>
        {
            var name = Str(b, "name");
            await s.SetPatrolAsync(name, b.TryGetProperty("members", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "");
            return Results.Json(new { name }, Json.Options, statusCode: StatusCodes.Status201Created);
        }));
        app.MapDelete("/api/patrols/{name}", async (string name, AuthStore s) =>
            await s.DeletePatrolAsync(name) ? Results.Json(new { deleted = name }, Json.Options) : Error(StatusCodes.Status404NotFound, $"patrol '{name}' does not exist"));
    }

    private static async Task<IResult> Login(HttpContext context, AuthStore store, AuthCounters counters)
    {
        return await WithBody(context.Request, async b =>
        {
            var result = await store.SignInAsync(Str(b, "name"), Str(b, "password"));
            if (result is not { } ok)
            {
                counters.Refused("bad_password");
                return Error(StatusCodes.Status401Unauthorized, "wrong name or password");
            }
            context.Response.Cookies.Append(AuthMiddleware.SessionCookie, ok.Token, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = "/",
                MaxAge = AuthStore.SessionLifetime,
            });
            return Results.Json(new { name = ok.Caller.Name, role = ok.Caller.Role }, Json.Options);
        });
    }

    private static async Task<IResult> Logout(HttpContext context, AuthStore store)
    {
        if (context.Request.Cookies.TryGetValue(AuthMiddleware.SessionCookie, out var token) && token is { Length: > 0 and < 200 })
            await store.SignOutAsync(token);
        context.Response.Cookies.Delete(AuthMiddleware.SessionCookie, new CookieOptions { Path = "/" });
        return Results.Json(new { signed_out = true }, Json.Options);
    }

    private static async Task<IResult> WithBody(HttpRequest request, Func<JsonElement, Task<IResult>> handle)
    {
        JsonDocument doc;
        try
        {
            doc = await JsonDocument.ParseAsync(request.Body);
        }
        catch (JsonException ex)
        {
            return Error(StatusCodes.Status400BadRequest, $"the body is not JSON: {ex.Message}");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                return Error(StatusCodes.Status400BadRequest, "the body must be a JSON object");
            try
            {
                return await handle(doc.RootElement);
            }
            catch (ArgumentException ex)
            {
                return Error(StatusCodes.Status400BadRequest, ex.Message);
            }
        }
    }

    private static string Str(JsonElement body, string name) =>
        body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new ArgumentException($"'{name}' (a string) is required");

    private static IResult Error(int status, string message) => Results.Json(Json.Error(message), Json.Options, statusCode: status);
}
