#nullable enable
using Vigil.Messages;

namespace Vigil.Actors.Sensors;

/// <summary>
/// A forklift unit: fuses controller telemetry and the cab driver monitor into seatbelt, overspeed and fatigue hazards.
/// Every run tolerates a short gap (one flickering switch record, a face lost for a frame): sensors drop out, drivers do not
/// fasten and unfasten within a second.
/// </summary>
public sealed class ForkliftEngine : ISensorEngine
{
    private readonly SensorIdentity _id;
    private readonly double? _limit;
    private readonly TimeSpan _seatbeltAfter = TimeSpan.FromSeconds(SensorDefaults.SeatbeltUnfastenedS);
    private readonly TimeSpan _bypassAfter = TimeSpan.FromSeconds(SensorDefaults.SeatbeltBypassedS);
    private readonly TimeSpan _fatigueAfter = TimeSpan.FromSeconds(SensorDefaults.EyesClosedFatigueS);
    private readonly TimeSpan _gap = TimeSpan.FromSeconds(SensorDefaults.ForkliftGapToleranceS);
    private readonly TimeSpan _eyeGap = TimeSpan.FromSeconds(SensorDefaults.EyesClosedGapToleranceS);
    private readonly PerclosWindow _perclos = new(TimeSpan.FromSeconds(SensorDefaults.PerclosWindowS));

    private bool _moving;
    private bool _switchFastened = true;

    private readonly Run _unbelted = new();
    private readonly Run _bypassed = new();
    private readonly Run _eyesClosed = new();
    private int _beltSeenInARow;

    private int _overInARow;
    private DateTimeOffset? _underSince;
    private bool _overspeedEpisode;

    private DateTimeOffset? _lastFatigueAt;
    private bool _perclosEpisode;

    /// <summary>A condition that holds from Since, last seen at Last, with its episode flag.</summary>
    private sealed class Run
    {
        public DateTimeOffset? Since;
        public DateTimeOffset Last;
        public bool Episode;

        public void Hold(DateTimeOffset t)
        {
            Since ??= t;
            if (t > Last)
                Last = t;
        }

        /// <summary>Ends the run when the condition has not been seen for longer than the gap.</summary>
        public void Lapse(DateTimeOffset t, TimeSpan gap)
        {
            if (Since is not null && t - Last > gap)
                Reset();
        }

        public void Reset()
        {
            Since = null;
            Episode = false;
        }

        public bool Confirms(TimeSpan after) => !Episode && Since is { } s && Last - s >= after;
    }

    public ForkliftEngine(string sensorId, string zoneId, SensorConfig config, ZoneContext zone)
    {
        _id = new SensorIdentity(sensorId, zoneId);
        _limit = config.SpeedLimitKmh ?? zone.SpeedLimitKmh;
    }

    public IReadOnlyList<Hazard> Observe(DateTimeOffset t, ReadingPayload payload) => payload switch
    {
        ForkliftTelemetry telemetry => OnTelemetry(t, telemetry),
        DriverState driver => OnDriver(t, driver),
        _ => [],
    };

    public IReadOnlyList<Hazard> Advance(DateTimeOffset now) => [];

    private IReadOnlyList<Hazard> OnTelemetry(DateTimeOffset t, ForkliftTelemetry telemetry)
    {
        if (!double.IsFinite(telemetry.Kmh))
            return [];

        var kmh = Math.Abs(telemetry.Kmh);
        _moving = kmh >= SensorDefaults.ForkliftMovingKmh;
        _switchFastened = telemetry.Seatbelt;
        List<Hazard>? confirmed = null;

        // Parking unbelted is allowed; a moment's stop or one flickering switch record does not end a run.
        if (_moving && !telemetry.Seatbelt)
        {
            _unbelted.Hold(t);
            if (_unbelted.Confirms(_seatbeltAfter))
            {
                _unbelted.Episode = true;
                (confirmed ??= []).Add(_id.Hazard(HazardTypes.SeatbeltUnfastened, t));
            }
        }
        else
            _unbelted.Lapse(t, _gap);

        if (!_moving || !telemetry.Seatbelt)
            _bypassed.Lapse(t, _gap);

        if (_limit is { } limit)
        {
            if (kmh > limit)
            {
                _overInARow++;
                _underSince = null;
                if (!_overspeedEpisode && _overInARow >= SensorDefaults.ForkliftOverspeedConfirmRecords)
                {
                    _overspeedEpisode = true;
                    (confirmed ??= []).Add(_id.Hazard(HazardTypes.Overspeed, t, _id.SensorId, kmh, limit));
                }
            }
            else
            {
                _overInARow = 0;
                // Hysteresis: a truck cruising at the limit must not raise a new episode on every wobble.
                if (kmh <= limit - SensorDefaults.ForkliftOverspeedHysteresisKmh)
                {
                    _underSince ??= t;
                    if (t - _underSince.Value >= TimeSpan.FromSeconds(SensorDefaults.ForkliftOverspeedClearS))
                        _overspeedEpisode = false;
                }
            }
        }

        return confirmed ?? (IReadOnlyList<Hazard>)[];
    }

    private IReadOnlyList<Hazard> OnDriver(DateTimeOffset t, DriverState driver)
    {
        List<Hazard>? confirmed = null;
        if (Fatigue(t, driver) is { } fatigue)
            (confirmed ??= []).Add(fatigue);
        if (Bypass(t, driver) is { } bypass)
            (confirmed ??= []).Add(bypass);
        return confirmed ?? (IReadOnlyList<Hazard>)[];
    }

    private Hazard? Fatigue(DateTimeOffset t, DriverState driver)
    {
        bool? closed = driver.Face && driver.EyeOpen is { } open && double.IsFinite(open) ? open < SensorDefaults.EyeClosedBelow : null;
        if (!_moving)
        {
            // Resting eyes while parked is not fatigue at the wheel; the run and the PERCLOS window start when the truck moves.
            _eyesClosed.Reset();
            _perclos.Clear();
            _perclosEpisode = false;
            return null;
        }
        if (closed is { } c)
            _perclos.Add(t, c);

        switch (closed)
        {
            case true:
                _eyesClosed.Hold(t);
                if (_eyesClosed.Confirms(_fatigueAfter))
                {
                    _eyesClosed.Episode = true;
                    return FatigueAt(t, "microsleep");
                }
                break;
            case false:
                _eyesClosed.Reset();
                break;
            default:
                // A lost face (a head that nods) is no evidence either way; only a long loss ends the run.
                _eyesClosed.Lapse(t, _eyeGap);
                break;
        }

        if (_perclos.Span >= TimeSpan.FromSeconds(SensorDefaults.PerclosMinSpanS) && _perclos.Count >= SensorDefaults.PerclosMinReadings)
        {
            var value = _perclos.Value;
            if (!_perclosEpisode && value >= SensorDefaults.PerclosFatigue)
            {
                _perclosEpisode = true;
                if (_lastFatigueAt is not { } last || t - last > TimeSpan.FromSeconds(SensorDefaults.PerclosWindowS))
                    return FatigueAt(t, "perclos");
            }
            else if (_perclosEpisode && value < SensorDefaults.PerclosRearm)
                _perclosEpisode = false;
        }
        return null;
    }

    private Hazard FatigueAt(DateTimeOffset t, string why)
    {
        _lastFatigueAt = t;
        return _id.Hazard(HazardTypes.DriverFatigue, t, detail: why);
    }

    /// <summary>The switch says fastened but the cab camera sees no belt across the driver for a sustained time while moving.</summary>
    private Hazard? Bypass(DateTimeOffset t, DriverState driver)
    {
        if (!_moving || !_switchFastened)
        {
            _bypassed.Lapse(t, _gap);
            return null;
        }
        switch (driver.Face ? driver.BeltVisible : null)
        {
            case false:
                _beltSeenInARow = 0;
                _bypassed.Hold(t);
                if (_bypassed.Confirms(_bypassAfter))
                {
                    _bypassed.Episode = true;
                    return _id.Hazard(HazardTypes.SeatbeltBypassed, t);
                }
                break;
            case true:
                // One glimpse may be a strap of the vest; a belt seen twice in a row is there.
                if (++_beltSeenInARow >= 2)
                    _bypassed.Reset();
                break;
            default:
                _bypassed.Lapse(t, _gap + _gap);
                break;
        }
        return null;
    }
}
