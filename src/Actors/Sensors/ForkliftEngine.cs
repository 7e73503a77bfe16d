#nullable enable
using Vigil.Messages;

namespace Vigil.Actors.Sensors;

/// <summary>A forklift unit: fuses controller telemetry and the cab driver monitor into seatbelt, overspeed and fatigue hazards.</summary>
public sealed class ForkliftEngine : ISensorEngine
{
    private readonly SensorIdentity _id;
    private readonly double? _limit;
    private readonly TimeSpan _seatbeltAfter = TimeSpan.FromSeconds(SensorDefaults.SeatbeltUnfastenedS);
    private readonly TimeSpan _fatigueAfter = TimeSpan.FromSeconds(SensorDefaults.EyesClosedFatigueS);

    private bool _moving;

    private DateTimeOffset? _unbeltedSince;
    private bool _seatbeltEpisode;

    private int _overInARow;
    private int _underInARow;
    private bool _overspeedEpisode;

    private DateTimeOffset? _eyesClosedSince;
    private bool _fatigueEpisode;

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
        List<Hazard>? confirmed = null;

        if (_moving && !telemetry.Seatbelt)
        {
            _unbeltedSince ??= t;
            if (!_seatbeltEpisode && t - _unbeltedSince.Value >= _seatbeltAfter)
            {
                _seatbeltEpisode = true;
                (confirmed ??= []).Add(_id.Hazard(HazardTypes.SeatbeltUnfastened, t));
            }
        }
        else
        {
            // Fastening or stopping ends the episode; parking unbelted is allowed.
            _unbeltedSince = null;
            _seatbeltEpisode = false;
        }

        if (_limit is { } limit)
        {
            var over = kmh > limit;
            _overInARow = over ? _overInARow + 1 : 0;
            _underInARow = over ? 0 : _underInARow + 1;
            if (!_overspeedEpisode && _overInARow >= SensorDefaults.ForkliftOverspeedConfirmRecords)
            {
                _overspeedEpisode = true;
                (confirmed ??= []).Add(_id.Hazard(HazardTypes.Overspeed, t, _id.SensorId, kmh, limit));
            }
            else if (_overspeedEpisode && _underInARow >= SensorDefaults.ForkliftOverspeedConfirmRecords)
            {
                _overspeedEpisode = false;
            }
        }

        return confirmed ?? (IReadOnlyList<Hazard>)[];
    }

    private IReadOnlyList<Hazard> OnDriver(DateTimeOffset t, DriverState driver)
    {
        // No face or no eye reading is not evidence of closed eyes: it breaks the run.
        var closed = driver.Face && driver.EyeOpen is { } open && double.IsFinite(open) && open < SensorDefaults.EyeClosedBelow;
        if (!closed)
        {
            _eyesClosedSince = null;
            _fatigueEpisode = false;
            return [];
        }
        if (!_moving)
        {
            // Resting eyes while parked is not fatigue at the wheel; the run starts when the truck moves.
            _eyesClosedSince = null;
            return [];
        }

        _eyesClosedSince ??= t;
        if (_fatigueEpisode || t - _eyesClosedSince.Value < _fatigueAfter)
            return [];
        _fatigueEpisode = true;
        return [_id.Hazard(HazardTypes.DriverFatigue, t)];
    }
}
