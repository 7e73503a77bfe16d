#nullable enable
using Vigil.Messages;

namespace Vigil.Actors.Sensors;

/// <summary>Every default number the fusion engines use, in one place (quoted by the README).</summary>
public static class SensorDefaults
{
    // ---- health ----

    /// <summary>Cameras stream at several frames a second, so ten seconds of silence is already a fault.</summary>
    public const double CameraExpectedIntervalS = 10;

    /// <summary>A radar checkpoint speaks only when vehicles pass; a quarter of an hour without traffic is still normal.</summary>
    public const double RadarExpectedIntervalS = 900;

    public const double ThermalExpectedIntervalS = 60;
    public const double ForkliftExpectedIntervalS = 60;

    public static double ExpectedIntervalS(string kind) => kind switch
    {
        SensorKinds.Camera => CameraExpectedIntervalS,
        SensorKinds.Radar => RadarExpectedIntervalS,
        SensorKinds.Thermal => ThermalExpectedIntervalS,
        SensorKinds.Forklift => ForkliftExpectedIntervalS,
        _ => CameraExpectedIntervalS,
    };

    // ---- camera ----

    /// <summary>k of the k-of-n helmet rule (config <c>ConfirmFrames</c>): bare-head flags needed among a track's last n known flags.</summary>
    public const int HelmetConfirmFrames = 3;

    /// <summary>A camera's picture lost (black or frozen, nothing detected) for this long, by event time, is camera_tampered.</summary>
    public const double TamperConfirmS = 2;

    /// <summary>...and over at least this many frames, so one dark frame between two normal ones never alarms.</summary>
    public const int TamperConfirmFrames = 3;

    /// <summary>n of the k-of-n helmet rule (config <c>WindowFrames</c>): known helmet flags kept per track.</summary>
    public const int HelmetWindowFrames = 10;

    /// <summary>The bare-head flags must also be this share of the kept flags: a helmeted worker's stray flags never reach it.</summary>
    public const double HelmetBareShare = 0.6;

    /// <summary>Helmet flags older than this are dropped from the window.</summary>
    public const double HelmetWindowS = 4;

    /// <summary>A no-helmet episode ends once the helmet has been seen without a bare-head flag for this long.</summary>
    public const double HelmetClearS = 3;

    /// <summary>A foot point inside a danger zone in this many of the last <see cref="IntrusionWindowFrames"/> frames of a track confirms an intrusion.</summary>
    public const int IntrusionConfirmFrames = 2;

    public const int IntrusionWindowFrames = 3;

    /// <summary>An intrusion episode ends after this many frames in a row with the foot point outside...</summary>
    public const int IntrusionClearFrames = 3;

    /// <summary>...spanning at least this long (a foot point jittering on the polygon's edge is one episode).</summary>
    public const double IntrusionClearS = 2.0;

    /// <summary>Person-to-moving-vehicle distance that counts as mixing (config <c>mixing_distance_m</c>): one and a half body lengths.</summary>
    public const double MixingDistanceM = 2.55;

    /// <summary>The height of a person, which turns metres into pixels at the person's own distance from the camera.</summary>
    public const double PersonHeightM = 1.7;

    /// <summary>A vehicle box moving at least this many of its widths a second is driving.</summary>
    public const double MixingMovingWidthsPerS = 0.1;

    /// <summary>Vehicle movement is measured over at least this long.</summary>
    public const double MixingMovingBaselineS = 0.5;

    /// <summary>Consecutive frames of a track near a vehicle that confirm mixing.</summary>
    public const int MixingConfirmFrames = 2;

    /// <summary>A mixing episode ends after the person has been away from every moving vehicle this long.</summary>
    public const double MixingClearS = 2.0;

    /// <summary>Faster than a person walks: two untracked sightings further apart than this allows are two things.</summary>
    public const double WalkingSpeedMPerS = 3.0;

    /// <summary>Rooftop intrusion: two sightings of a track this close together confirm it.</summary>
    public const double RooftopConfirmWithinS = 1.0;

    /// <summary>A track absent for longer than this ends its episodes and its state is dropped.</summary>
    public const double TrackForgetS = 10;

    /// <summary>Hard cap on tracks kept per rule, so a tracker that mints a new id every frame cannot grow memory without bound.</summary>
    public const int MaxTracks = 512;

    /// <summary>Detections below this confidence are detector noise and are ignored.</summary>
    public const double MinDetectionConf = 0.25;

    // ---- radar ----

    /// <summary>Used when neither the radar nor its zone has a speed limit.</summary>
    public const double RadarSpeedLimitKmh = 30;

    /// <summary>A target with no sample for this long has left the beam and is judged; a later sample with the same id is a new vehicle, which also covers radars that recycle ids. Long enough for radars that report a target only once a second.</summary>
    public const double RadarTargetCloseS = 1.5;

    /// <summary>Samples kept per pass (a vehicle parked in the beam).</summary>
    public const int RadarMaxSamplesPerTarget = 200;

    /// <summary>Hard cap on vehicle passes remembered for plate association.</summary>
    public const int MaxRadarPasses = 512;

    /// <summary>Plate reads within this many seconds before the first or after the last sample may belong to the vehicle (config <c>MatchWindowS</c>).</summary>
    public const double RadarMatchWindowS = 2.0;

    /// <summary>Plate reads older than this are dropped.</summary>
    public const double PlateRetentionS = 30;

    /// <summary>Hard cap on plate reads kept, for a camera that reads plates with no radar targets.</summary>
    public const int MaxPlateReads = 256;

    /// <summary>Overspeed subject when no plate read matched.</summary>
    public const string UnknownPlate = "unknown";

    // ---- thermal ----

    public const double ThermalAlarmC = 80;
    public const double ThermalCriticalC = 120;
    public const double ThermalWarnRiseCPerMin = 10;

    /// <summary>Consecutive frames with a real hot region that confirm a hot spot.</summary>
    public const int ThermalConfirmFrames = 2;

    /// <summary>A lone cell over the alarm with no heat spreading around it is confirmed only after this many consecutive frames (a glitch lasts one).</summary>
    public const int ThermalLoneConfirmFrames = 3;

    /// <summary>A hot region of at least this many connected cells over the alarm is real even without heat spreading around its peak.</summary>
    public const int ThermalMinAreaCells = 2;

    /// <summary>The rise rate is fitted over this window of frames...</summary>
    public const double ThermalTrendWindowS = 30;

    /// <summary>...holding at least this many frames.</summary>
    public const int ThermalTrendMinFrames = 5;

    /// <summary>A rising region within this many °C of the alarm confirms on its first frame over it.</summary>
    public const double ThermalRiseApproachC = 15;

    /// <summary>The hot spot re-arms once the maximum is this far below the alarm...</summary>
    public const double ThermalHysteresisC = 5;

    /// <summary>...for this many consecutive frames...</summary>
    public const int ThermalRearmFrames = 2;

    /// <summary>...within this many cells of where the spot peaked.</summary>
    public const int ThermalEpisodeRadiusCells = 2;

    // ---- forklift ----

    /// <summary>At or above this speed a forklift is moving.</summary>
    public const double ForkliftMovingKmh = 1.0;

    /// <summary>Seatbelt unfastened while moving for this long confirms <c>seatbelt_unfastened</c>.</summary>
    public const double SeatbeltUnfastenedS = 3.0;

    /// <summary>Consecutive telemetry records over the limit that confirm a forklift overspeed; as many at or under it end the episode.</summary>
    public const int ForkliftOverspeedConfirmRecords = 2;

    /// <summary>An eye openness below this is a closed eye.</summary>
    public const double EyeClosedBelow = 0.25;

    /// <summary>Eyes closed this long while moving is fatigue; a blink lasts well under half a second.</summary>
    public const double EyesClosedFatigueS = 1.5;

    /// <summary>Readings without a face (a nodding head) inside an eyes-closed run keep it going for up to this long.</summary>
    public const double EyesClosedGapToleranceS = 0.6;

    /// <summary>A seatbelt or bypass run survives a stop or a contrary record this short (a flickering switch, a rolling stop).</summary>
    public const double ForkliftGapToleranceS = 1.0;

    /// <summary>Switch fastened but no belt seen by the cab camera for this long while moving confirms <c>seatbelt_bypassed</c>.</summary>
    public const double SeatbeltBypassedS = 5.0;

    /// <summary>A forklift overspeed episode ends once the speed has stayed this far under the limit...</summary>
    public const double ForkliftOverspeedHysteresisKmh = 1.0;

    /// <summary>...for this long.</summary>
    public const double ForkliftOverspeedClearS = 2.0;

    /// <summary>PERCLOS is measured over this sliding window while moving.</summary>
    public const double PerclosWindowS = 60;

    /// <summary>The window must cover this much time...</summary>
    public const double PerclosMinSpanS = 45;

    /// <summary>...and hold this many face readings before PERCLOS is trusted.</summary>
    public const int PerclosMinReadings = 20;

    /// <summary>PERCLOS at or above this is fatigue (normal blinking is well under 10 %).</summary>
    public const double PerclosFatigue = 0.30;

    /// <summary>A PERCLOS episode re-arms once it falls below this.</summary>
    public const double PerclosRearm = 0.15;
}
