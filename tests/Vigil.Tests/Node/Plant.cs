using System.Globalization;
using System.Net;
using Vigil.Tests.Support;
using Xunit;

namespace Vigil.Tests.Node;

/// <summary>JSON of a small plant and of readings that must raise each of the five first hazards, timed from now.</summary>
internal static class Plant
{
    public const string Zones = """
        [{"id":"moulding-a","kind":"production","escalation":[{"after_s":1,"notify":"supervisor"},{"after_s":600,"notify":"officer"}]},
         {"id":"road-east","kind":"road","speed_limit_kmh":20},
         {"id":"pit-1","kind":"scrap-pit"},
         {"id":"bay-1","kind":"logistics","speed_limit_kmh":10}]
        """;

    public const string Sensors = """
        [{"id":"cam-m1","kind":"camera","zone":"moulding-a","config":{"rules":["helmet","intrusion"],"danger_zones":[[[100,400],[600,400],[600,1000],[100,1000]]]}},
         {"id":"radar-e1","kind":"radar","zone":"road-east"},
         {"id":"th-pit1","kind":"thermal","zone":"pit-1"},
         {"id":"fl-07","kind":"forklift","zone":"bay-1"}]
        """;

    /// <summary>Registers this plant on the node and raises a no-helmet alarm in moulding-a; returns its id once it has escalated (1 s ladder).</summary>
    public static async Task<string> RaiseEscalatedAlarm(TestNode node)
    {
        Assert.Equal(HttpStatusCode.Created, (await node.PostJson("/api/zones", Zones)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await node.PostJson("/api/sensors", Sensors)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await node.PostJson("/api/readings", NoHelmet(DateTimeOffset.UtcNow))).StatusCode);
        var alarm = await Eventually.Value(async () =>
            (await node.GetJson("/api/alarms?zone=moulding-a")).AsArray().FirstOrDefault(a => (int)a!["level"]! >= 1), TimeSpan.FromSeconds(30), "an escalated alarm");
        return (string)alarm!["id"]!;
    }

    public static string T(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string NoHelmet(DateTimeOffset t0) => "[" + string.Join(",", Enumerable.Range(0, 4).Select(i =>
        $$$"""{"t":"{{{T(t0.AddMilliseconds(200 * i))}}}","sensor":"cam-m1","detections":[{"cls":"person","box":[800,100,90,240],"conf":0.9,"track":"12","helmet":false}]}""")) + "]";

    public static string Intrusion(DateTimeOffset t0) => "[" + string.Join(",", Enumerable.Range(0, 3).Select(i =>
        $$$"""{"t":"{{{T(t0.AddMilliseconds(200 * i))}}}","sensor":"cam-m1","detections":[{"cls":"person","box":[300,500,80,200],"conf":0.9,"track":"31","helmet":true}]}""")) + "]";

    public static string Overspeed(DateTimeOffset t0) => $$$"""
        [{"t":"{{{T(t0)}}}","sensor":"radar-e1","speed":{"target":"7","kmh":31.0,"lane":1}},
         {"t":"{{{T(t0.AddMilliseconds(100))}}}","sensor":"radar-e1","speed":{"target":"7","kmh":31.4,"lane":1}},
         {"t":"{{{T(t0.AddMilliseconds(200))}}}","sensor":"radar-e1","speed":{"target":"7","kmh":31.2,"lane":1}},
         {"t":"{{{T(t0.AddMilliseconds(300))}}}","sensor":"radar-e1","plate":{"text":"苏H12345","conf":0.93,"lane":1}}]
        """;

    public static string HotSpot(DateTimeOffset t0) => "[" + string.Join(",", Enumerable.Range(0, 2).Select(i =>
        $$$"""{"t":"{{{T(t0.AddSeconds(i))}}}","sensor":"th-pit1","thermal":{"w":3,"h":2,"c":[25,120,180,27,25,110]}}""")) + "]";

    public static string Seatbelt(DateTimeOffset t0) => "[" + string.Join(",", Enumerable.Range(0, 8).Select(i =>
        $$$"""{"t":"{{{T(t0.AddMilliseconds(500 * i))}}}","sensor":"fl-07","telemetry":{"kmh":8,"seatbelt":false,"seat":true,"ignition":true}}""")) + "]";
}
