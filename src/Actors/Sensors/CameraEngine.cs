#nullable enable
using Vigil.Messages;

namespace Vigil.Actors.Sensors;

/// <summary>A camera's fusion: runs its rules (configured, or by zone kind) over each frame's detections.</summary>
public sealed class CameraEngine : ISensorEngine
{
    public const string RuleHelmet = "helmet";
    public const string RuleIntrusion = "intrusion";
    public const string RuleMixing = "mixing";
    public const string RuleRooftop = "rooftop";

    private readonly IReadOnlyList<ICameraRule> _rules;
    private DateTimeOffset _now = DateTimeOffset.MinValue;

    public CameraEngine(string sensorId, string zoneId, SensorConfig config, ZoneContext zone)
    {
        var id = new SensorIdentity(sensorId, zoneId);
        Rules = config.Rules is { } configured
            ? configured.Where(r => r is RuleHelmet or RuleIntrusion or RuleMixing or RuleRooftop).Distinct().ToList()
            : DefaultRules(zone.Kind);

        var rules = new List<ICameraRule>();
        foreach (var rule in Rules)
        {
            rules.Add(rule switch
            {
                RuleHelmet => new HelmetRule(id,
                    config.ConfirmFrames ?? SensorDefaults.HelmetConfirmFrames,
                    config.WindowFrames ?? SensorDefaults.HelmetWindowFrames),
                RuleIntrusion => new IntrusionRule(id, config.DangerZones),
                RuleMixing => new MixingRule(id, config.MixingDistanceM),
                _ => new RooftopRule(id, config.ActiveHours),
            });
        }
        // Every camera watches its own picture: a covered or frozen lens is a hazard whatever the zone.
        rules.Add(new TamperRule(id));
        _rules = rules;
    }

    /// <summary>The rules this camera runs, after defaults.</summary>
    public IReadOnlyList<string> Rules { get; }

    public static IReadOnlyList<string> DefaultRules(string zoneKind) => zoneKind switch
    {
        ZoneKinds.Road => [RuleMixing],
        ZoneKinds.Logistics => [RuleIntrusion, RuleMixing],
        ZoneKinds.Rooftop => [RuleRooftop],
        ZoneKinds.ScrapPit => [RuleIntrusion],
        // Production, and any kind added later: the plant-floor defaults.
        _ => [RuleHelmet, RuleIntrusion],
    };

    public IReadOnlyList<Hazard> Observe(DateTimeOffset t, ReadingPayload payload)
    {
        if (payload is not CameraDetections detections)
            return [];

        var confirmed = new List<Hazard>();
        var frame = CameraFrame.From(t, detections.Detections ?? []) with
        {
            W = detections.FrameW, H = detections.FrameH, Picture = detections.Picture, Empty = (detections.Detections?.Count ?? 0) == 0,
        };
        foreach (var rule in _rules)
            rule.OnFrame(frame, confirmed);
        Sweep(t);
        return confirmed;
    }

    public IReadOnlyList<Hazard> Advance(DateTimeOffset now)
    {
        Sweep(now);
        return [];
    }

    private void Sweep(DateTimeOffset now)
    {
        if (now <= _now)
            return;
        _now = now;
        foreach (var rule in _rules)
            rule.Sweep(now);
    }
}
