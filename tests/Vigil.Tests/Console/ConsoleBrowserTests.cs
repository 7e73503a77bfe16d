using System.Net;
using System.Text.Json.Nodes;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Vigil.Tests.Node;
using Vigil.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Vigil.Tests.Console;

/// <summary>One node and one headless Chromium for the console's browser tests (starting each costs seconds).</summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    public TestNode Node { get; private set; } = null!;
    public ChromeDriver Driver { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Node = await TestNode.StartAsync(_dir.Path);
        Assert.Equal(HttpStatusCode.Created, (await Node.PostJson("/api/zones", Plant.Zones)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Node.PostJson("/api/sensors", Plant.Sensors)).StatusCode);
        foreach (var (name, role) in new[] { ("olga", "operator"), ("victor", "viewer"), ("ada", "admin") })
            Assert.Equal(HttpStatusCode.Created, (await Node.PostJson("/api/users", $$"""{"name":"{{name}}","role":"{{role}}","password":"{{name}}-secret-1"}""")).StatusCode);
        foreach (var (name, members) in new[] { ("patrol-north", "Li, Wang"), ("patrol-south", "Zhao, Chen") })
            Assert.Equal(HttpStatusCode.Created, (await Node.PostJson("/api/patrols", $$"""{"name":"{{name}}","members":"{{members}}"}""")).StatusCode);
        // Some history, so the wall, the plant and the trends have more than the alarm each test raises.
        var now = DateTimeOffset.UtcNow;
        foreach (var readings in new[] { Plant.Overspeed(now), Plant.Seatbelt(now), Plant.NoHelmet(now) })
            Assert.Equal(HttpStatusCode.Accepted, (await Node.PostJson("/api/readings", readings)).StatusCode);
        Driver = Browser.Start();
    }

    public async Task DisposeAsync()
    {
        Driver?.Quit();
        Driver?.Dispose();
        await Node.DisposeAsync();
        _dir.Dispose();
    }
}

public sealed class ConsoleBrowserTests(ConsoleFixture fixture, ITestOutputHelper output) : IClassFixture<ConsoleFixture>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private TestNode Node => fixture.Node;
    private ChromeDriver Driver => fixture.Driver;

    private async Task SignIn(string name)
    {
        Driver.Navigate().GoToUrl(Node.BaseUrl + "/console/");
        Driver.Manage().Cookies.DeleteAllCookies();
        Driver.Navigate().GoToUrl(Node.BaseUrl + "/console/#/login");
        Driver.Navigate().Refresh();
        var box = await Browser.Until(() => Driver.Find("#login-name"), Generous, "the sign-in form");
        box.SendKeys(name);
        Driver.Find("#login-password")!.SendKeys($"{name}-secret-1");
        Driver.Find("#login-submit")!.Click();
        await Browser.Until(() => Driver.Find("#me") is { Text.Length: > 0 } me && me.Text.StartsWith(name) ? me : null, Generous, $"{name} signed in");
    }

    private static int _sensors;

    /// <summary>Registers a new thermal imager (a hazard from one already alarmed would join its open alarm) and makes it see a hot spot.</summary>
    private async Task<string> RaiseHotSpot()
    {
        var sensor = $"th-pit{Interlocked.Increment(ref _sensors) + 100}";
        Assert.Equal(HttpStatusCode.Created, (await Node.PostJson("/api/sensors", $$"""{"id":"{{sensor}}","kind":"thermal","zone":"pit-1"}""")).StatusCode);
        var before = (await Node.GetJson("/api/alarms?limit=10000")).AsArray().Select(a => (string)a!["id"]!).ToHashSet();
        var body = Plant.HotSpot(DateTimeOffset.UtcNow).Replace("th-pit1", sensor);
        Assert.Equal(HttpStatusCode.Accepted, (await Node.PostJson("/api/readings", body)).StatusCode);
        var alarm = await Eventually.Value(async () => (await Node.GetJson("/api/alarms?limit=10000")).AsArray()
            .FirstOrDefault(a => !before.Contains((string)a!["id"]!) && (string?)a!["hazards"]![0]!["hazard"] == "hot_spot"), Generous, "a new hot-spot alarm");
        return (string)alarm!["id"]!;
    }

    [Fact]
    public async Task Operator_sees_a_new_alarm_on_the_wall_within_a_second_then_acknowledges_dispatches_and_resolves_it()
    {
        await SignIn("olga");
        Driver.Navigate().GoToUrl(Node.BaseUrl + "/console/#/wall");
        await Browser.Until(() => Driver.Find("#open-count") is { Text.Length: > 0 } c ? c : null, Generous, "the wall");
        // The page notes when each alarm card first appears, in the browser's own clock (same machine as the node).
        Driver.ExecuteScript("""
            window.seenAt = {};
            new MutationObserver(() => { for (const el of document.querySelectorAll('.alarm[data-id]')) window.seenAt[el.dataset.id] ??= Date.now(); })
              .observe(document.getElementById('wall'), { childList: true, subtree: true });
            """);

        var id = await RaiseHotSpot();
        var cardCss = $".alarm[data-id='{id}']";
        await Browser.Until(() => Driver.Find(cardCss), Generous, "the alarm on the wall");
        var seenAt = Convert.ToInt64(Driver.ExecuteScript($"return window.seenAt['{id}'];"));
        var alarm = await Node.GetJson($"/api/alarms/{Uri.EscapeDataString(id)}");
        var raisedAt = DateTimeOffset.Parse((string)alarm["raised_at"]!).ToUnixTimeMilliseconds();
        output.WriteLine($"alarm {id}: raised by the zone → on the wall in {seenAt - raisedAt} ms");
        Assert.InRange(seenAt - raisedAt, -50, 1000);
        string? classes = null;
        await Driver.Do(cardCss, c => classes = c.GetAttribute("class"));
        Assert.Contains("fresh", classes);
        Assert.Contains("critical", classes); // 180 °C on a scrap pit
        Driver.Screenshot("wall");

        await Driver.Do(cardCss, c => c.Click());
        await Driver.Do("#note", n => n.SendKeys("smoke seen on camera"));
        await Driver.Do("#ack", b => b.Click());
        await Browser.Until(() => Driver.Find("#alarm-state") is { Text: "acknowledged" } s ? s : null, Generous, "acknowledged");
        await Driver.Do("#patrol", _ => Choose("#patrol", "patrol-south"));
        await Driver.Do("#dispatch", b => b.Click());
        await Browser.Until(() => Driver.Find("#alarm-state") is { Text: "dispatched" } s ? s : null, Generous, "dispatched");
        await Driver.Do("#note", n => { n.Clear(); n.SendKeys("embers doused, pit cooled"); });
        await Driver.Do("#resolve", b => b.Click());
        await Browser.Until(() => Driver.Find("#alarm-state") is { Text: "resolved" } s ? s : null, Generous, "resolved");

        // The timeline is drawn from the alarm as the page last heard of it: wait for the resolution in it.
        var timeline = await Browser.Until(() => Driver.FindElements(By.CssSelector("#timeline li"))
            .Select(li => (li.GetAttribute("data-action"), li.FindElements(By.CssSelector(".by")).FirstOrDefault()?.Text)).ToList() is var items
            && items.Contains(("resolved", "olga")) ? items : null, Generous, "the resolution in the timeline");
        Assert.Equal("raised", timeline[0].Item1);
        Assert.Contains(("acknowledged", "olga"), timeline);
        Assert.Contains(("dispatched", "olga"), timeline);
        Assert.Contains(("resolved", "olga"), timeline);
        Assert.Contains("patrol-south", Driver.Find("#alarm")!.Text);
        Assert.Contains("180 °C", Driver.Find(".evidence")!.Text);
        Driver.Screenshot("alarm");
    }

    [Fact]
    public async Task A_viewer_sees_no_acknowledge_button_and_the_api_refuses_their_acknowledge_with_403()
    {
        var id = await RaiseHotSpot();
        await SignIn("victor");
        Driver.Navigate().GoToUrl(Node.BaseUrl + $"/console/#/alarm/{Uri.EscapeDataString(id)}");
        await Browser.Until(() => Driver.Find("#read-only"), Generous, "the read-only notice");
        Assert.Null(Driver.Find("#ack"));
        Assert.Null(Driver.Find("#resolve"));

        // The same session calling the API directly, as a script on the page could.
        var status = Convert.ToInt64(Driver.ExecuteAsyncScript($$"""
            const done = arguments[arguments.length - 1];
            fetch('/api/alarms/{{Uri.EscapeDataString(id)}}/ack', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"by":"victor"}' })
              .then(r => done(r.status), () => done(-1));
            """));
        Assert.Equal(403, status);
        Assert.Equal("raised", (string?)(await Node.GetJson($"/api/alarms/{Uri.EscapeDataString(id)}"))["state"]);
    }

    [Fact]
    public async Task An_admin_registers_a_camera_that_shows_online_after_its_first_reading()
    {
        await SignIn("ada");
        Driver.Navigate().GoToUrl(Node.BaseUrl + "/console/#/plant");
        var form = await Browser.Until(() => Driver.Find("#sensor-form"), Generous, "the sensor form");
        Driver.Find("#s-id")!.SendKeys("cam-new1");
        Choose("#s-kind", "camera");
        Choose("#s-zone", "moulding-a");
        var config = Driver.Find("#s-config")!;
        config.Clear();
        config.SendKeys("""{"rules":["intrusion"],"danger_zones":[[[200,300],[900,300],[900,900],[200,900]]]}""");
        Driver.Find("#s-save")!.Click();
        await Browser.Until(() => Driver.Find("tr[data-sensor='cam-new1']"), Generous, "the new camera in the plant view");
        await Driver.Do("tr[data-sensor='cam-new1']", r => Assert.Equal("unknown", r.GetAttribute("data-health")));

        var now = Plant.T(DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.Accepted, (await Node.PostJson("/api/readings",
            $$"""{"t":"{{now}}","sensor":"cam-new1","detections":[{"cls":"person","box":[1200,100,80,200],"conf":0.9,"track":"1","helmet":true}]}""")).StatusCode);
        await Browser.Until(() => Driver.Find("tr[data-sensor='cam-new1'][data-health='online']"), Generous, "the camera online");

        // Its danger zone drawn on a blank frame of the camera's size (no frame from this camera yet).
        await Driver.Do("button.edit[data-id='cam-new1']", b => b.Click());
        var canvas = await Browser.Until(() => Driver.Find("#cam"), Generous, "the camera canvas");
        Assert.Equal("1920", canvas.GetAttribute("width"));
        long[] Pixel(int x, int y) => ((IEnumerable<object>)Driver.ExecuteScript(
            "return Array.from(document.getElementById('cam').getContext('2d').getImageData(arguments[0], arguments[1], 1, 1).data);", x, y)!)
            .Select(Convert.ToInt64).ToArray();
        var inside = Pixel(550, 600);
        var outside = Pixel(1500, 950);
        Assert.True(inside[0] - inside[1] > 30, $"the danger zone is tinted red inside (rgb {string.Join(",", inside)})");
        Assert.True(Math.Abs(outside[0] - outside[1]) < 20, $"the frame is not tinted outside the zone (rgb {string.Join(",", outside)})");
        Driver.ExecuteScript("window.scrollTo(0, 0)");
        Driver.Screenshot("plant");

        // The admin page makes a device key for the camera's gateway, shown once; the key posts readings.
        Driver.Navigate().GoToUrl(Node.BaseUrl + "/console/#/admin");
        await Driver.Do("#key-form input[name='name']", i => i.SendKeys("cam-new1-gw"));
        await Driver.Do("#key-form button", b => b.Click());
        var key = (await Browser.Until(() => Driver.Find("#new-key-value"), Generous, "the new key")).Text;
        using (var gateway = new HttpClient { BaseAddress = new Uri(Node.BaseUrl) })
        {
            gateway.DefaultRequestHeaders.Add("X-Api-Key", key);
            var reading = $$"""{"t":"{{Plant.T(DateTimeOffset.UtcNow)}}","sensor":"cam-new1","detections":[]}""";
            Assert.Equal(HttpStatusCode.Accepted, (await gateway.PostAsync("/api/readings", Json(reading))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await gateway.GetAsync("/api/alarms")).StatusCode);
        }
        Driver.Navigate().GoToUrl(Node.BaseUrl + "/console/#/plant");
        await Driver.Do("button.edit[data-id='cam-new1']", b => b.Click());
        await Browser.Until(() => Driver.Find("#cam"), Generous, "the camera canvas again");
        Driver.ExecuteScript("document.getElementById('sensor-editor').scrollIntoView()");
        Driver.Screenshot("plant-camera");
    }

    [Fact]
    public async Task The_trends_page_shows_an_alarm_just_handled()
    {
        var id = await RaiseHotSpot();
        using (var olga = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(Node.BaseUrl) })
        {
            Assert.Equal(HttpStatusCode.OK, (await olga.PostAsync("/auth/login", Json("""{"name":"olga","password":"olga-secret-1"}"""))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await olga.PostAsync($"/api/alarms/{Uri.EscapeDataString(id)}/ack", Json("{}"))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await olga.PostAsync($"/api/alarms/{Uri.EscapeDataString(id)}/resolve", Json("""{"note":"done"}"""))).StatusCode);
        }
        var handled = (await Node.GetJson("/api/alarms?state=resolved")).AsArray().Count;
        await Eventually.Until(async () => (int)(await Node.GetJson("/api/trends"))["resolved"]! >= handled, Generous, "the trends projection to take in the resolution");

        await SignIn("victor");
        Driver.Navigate().GoToUrl(Node.BaseUrl + "/console/#/trends");
        // The page redraws every 10 s: read it all in one go, again if it redrew meanwhile.
        var page = await Browser.Until(() => new
        {
            HotSpots = int.Parse(Driver.Find("#chart-type g[data-key='hot_spot']")!.GetAttribute("data-value")!),
            Pit = Driver.Find("#chart-zone g[data-key='pit-1']") is not null,
            Mtta = Driver.Find("#k-mtta")!.Text,
            Mttr = Driver.Find("#k-mttr")!.Text,
            Hours = Driver.FindElements(By.CssSelector("#chart-hour g[data-hour]")).Sum(g => int.Parse(g.GetAttribute("data-value")!)),
        }, Generous, "the trends charts");
        Assert.True(page.HotSpots >= 1);
        Assert.True(page.Pit);
        Assert.NotEqual("—", page.Mtta);
        Assert.NotEqual("—", page.Mttr);
        Assert.True(page.Hours >= page.HotSpots);
        var csv = (string?)Driver.ExecuteAsyncScript("""
            const done = arguments[arguments.length - 1];
            fetch(document.getElementById('csv').href).then(r => r.text()).then(done, e => done(String(e)));
            """);
        Assert.Contains("by_type,hot_spot,", csv);
        Driver.Screenshot("trends");
    }

    private void Choose(string css, string value)
    {
        var select = Driver.Find(css) ?? throw new NoSuchElementException(css);
        Assert.Contains(select.FindElements(By.TagName("option")), o => o.GetAttribute("value") == value);
        Driver.ExecuteScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', { bubbles: true }));", select, value);
    }

    private static StringContent Json(string s) => new(s, System.Text.Encoding.UTF8, "application/json");
}
