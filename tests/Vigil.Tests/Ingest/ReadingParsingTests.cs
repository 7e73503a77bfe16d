using System.Text;
using Vigil.Messages;
using Vigil.Node.Ingest;
using Xunit;

namespace Vigil.Tests.Ingest;

public sealed class ReadingParsingTests
{
    private const string Speed = """ "speed":{"target":"7","kmh":31.2,"lane":1} """;

    [Fact]
    public void Reading_with_two_payloads_is_rejected()
    {
        var message = Parse.Error(Parse.Reading(Speed + """, "plate":{"text":"A1","conf":0.9,"lane":1}"""));
        Assert.Equal("reading: has speed and plate: a reading carries exactly one payload", message);
    }

    [Fact]
    public void Reading_without_payload_is_rejected()
    {
        var message = Parse.Error("""{"type":"reading","t":"2026-03-02T08:00:00Z","sensor":"s1"}""");
        Assert.StartsWith("reading: has no payload: give exactly one of detections, image, speed, plate, thermal, telemetry, driver", message);
    }

    [Fact]
    public void Frame_alone_is_not_a_payload()
    {
        Assert.StartsWith("reading: has no payload", Parse.Error(Parse.Reading(""" "frame":{"w":10,"h":10} """)));
    }

    [Fact]
    public void Frame_goes_only_with_detections()
    {
        var message = Parse.Error(Parse.Reading(Speed + """, "frame":{"w":10,"h":10}"""));
        Assert.Equal("reading.frame: goes only with detections, not with speed", message);
    }

    [Fact]
    public void Null_payload_field_counts_as_absent()
    {
        var item = Parse.Ok<ReadingItem>(Parse.Reading(Speed + """, "plate":null"""));
        Assert.IsType<RadarSpeed>(item.Payload);
    }

    [Theory]
    [InlineData("""{"type":"reading","t":"2026-03-02T08:00:00Z","speed":{"target":"7","kmh":1,"lane":1}}""", "reading.sensor is required")]
    [InlineData("""{"type":"reading","t":"2026-03-02T08:00:00Z","sensor":"a b","speed":{"target":"7","kmh":1,"lane":1}}""", "reading.sensor 'a b' may hold only")]
    [InlineData("""{"type":"reading","sensor":"s1","speed":{"target":"7","kmh":1,"lane":1}}""", "reading.t is required")]
    public void Reading_without_sensor_or_time_is_rejected(string json, string expected)
    {
        Assert.StartsWith(expected, Parse.Error(json));
    }

    [Theory]
    [InlineData("\"2026-03-02T08:00:00.040\"", "reading.t: '2026-03-02T08:00:00.040' has no offset")]
    [InlineData("\"2026-03-02 08:00:00Z\"", "reading.t: '2026-03-02 08:00:00Z' is not an ISO-8601 time")]
    [InlineData("\"03/02/2026 08:00 +01:00\"", "reading.t: '03/02/2026 08:00 +01:00' is not an ISO-8601 time")]
    [InlineData("\"yesterday\"", "reading.t: 'yesterday' is not an ISO-8601 time")]
    [InlineData("\"2026-02-30T08:00:00Z\"", "reading.t: '2026-02-30T08:00:00Z' is not a valid date and time")]
    [InlineData("\"2026-03-02T08:00:00+15:00\"", "reading.t: '2026-03-02T08:00:00+15:00' has an offset outside ±14:00")]
    [InlineData("1772438400", "reading.t: expected an ISO-8601 string, got a number")]
    public void Reading_time_must_be_iso_8601_with_offset(string t, string expected)
    {
        var json = $$"""{"type":"reading","t":{{t}},"sensor":"s1",{{Speed}}}""";
        Assert.StartsWith(expected, Parse.Error(json));
    }

    [Theory]
    [InlineData("2026-03-02T16:00:00.040+08:00", 8, 0)]
    [InlineData("2026-03-02T13:30:00.040+0530", 5, 30)]
    [InlineData("2026-03-02T03:00:00.040-05", -5, 0)]
    [InlineData("2026-03-02t08:00:00.040z", 0, 0)]
    [InlineData("2026-03-02T08:00:00.040123456Z", 0, 0)]
    public void Reading_time_keeps_its_offset_and_instant(string t, int hours, int minutes)
    {
        var item = Parse.Ok<ReadingItem>($$"""{"type":"reading","t":"{{t}}","sensor":"s1",{{Speed}}}""");

        Assert.Equal(new TimeSpan(hours, hours < 0 ? -minutes : minutes, 0), item.T.Offset);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 0, 0, 40, TimeSpan.Zero), item.T.AddTicks(-(item.T.UtcTicks % TimeSpan.TicksPerMillisecond)));
    }

    [Fact]
    public void Reading_time_without_seconds_is_accepted()
    {
        var item = Parse.Ok<ReadingItem>($$"""{"type":"reading","t":"2026-03-02T08:00Z","sensor":"s1",{{Speed}}}""");
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), item.T);
    }

    [Theory]
    [InlineData("\"NaN\"", "reading.speed.kmh: NaN is not a number")]
    [InlineData("\"Infinity\"", "reading.speed.kmh: Infinity is not a number")]
    [InlineData("\"-Infinity\"", "reading.speed.kmh: -Infinity is not a number")]
    [InlineData("1e400", "reading.speed.kmh: 1e400 is not a finite number")]
    [InlineData("\"31\"", "reading.speed.kmh: expected a number, got a string")]
    [InlineData("true", "reading.speed.kmh: expected a number, got true")]
    [InlineData("400.5", "reading.speed.kmh: must be between 0 and 400, got 400.5")]
    [InlineData("-1", "reading.speed.kmh: must be between 0 and 400, got -1")]
    public void Radar_speed_must_be_a_finite_kmh_in_range(string kmh, string expected)
    {
        Assert.Equal(expected, Parse.Error(Parse.Reading($$""" "speed":{"target":"7","kmh":{{kmh}},"lane":1} """)));
    }

    [Theory]
    [InlineData(""" "speed":{"kmh":1,"lane":1} """, "reading.speed.target is required")]
    [InlineData(""" "speed":{"target":7,"kmh":1,"lane":1} """, "reading.speed.target: expected a string, got a number")]
    [InlineData(""" "speed":{"target":"7","lane":1} """, "reading.speed.kmh is required")]
    [InlineData(""" "speed":{"target":"7","kmh":1} """, "reading.speed.lane is required")]
    [InlineData(""" "speed":{"target":"7","kmh":1,"lane":65} """, "reading.speed.lane: must be between 0 and 64, got 65")]
    [InlineData(""" "speed":{"target":"7","kmh":1,"lane":1.5} """, "reading.speed.lane: must be a whole number, got 1.5")]
    [InlineData(""" "speed":[1,2,3] """, "reading.speed: expected an object, got an array")]
    [InlineData(""" "plate":{"text":"A1","conf":1.01,"lane":1} """, "reading.plate.conf: must be between 0 and 1, got 1.01")]
    [InlineData(""" "plate":{"text":"","conf":0.5,"lane":1} """, "reading.plate.text: must not be empty")]
    [InlineData(""" "plate":{"text":"A1","conf":0.5,"lane":-1} """, "reading.plate.lane: must be between 0 and 64, got -1")]
    [InlineData(""" "plate":{"conf":0.5,"lane":1} """, "reading.plate.text is required")]
    public void Invalid_radar_payload_is_rejected_naming_the_field(string members, string expected)
    {
        Assert.Equal(expected, Parse.Error(Parse.Reading(members)));
    }

    [Fact]
    public void Lane_written_as_float_whole_number_is_accepted()
    {
        var item = Parse.Ok<ReadingItem>(Parse.Reading(""" "speed":{"target":"7","kmh":31,"lane":2.0} """));
        Assert.Equal(2, ((RadarSpeed)item.Payload!).Lane);
    }

    [Theory]
    [InlineData(""" "detections":{} """, "reading.detections: expected an array, got an object")]
    [InlineData(""" "detections":[{"box":[0,0,1,1],"conf":0.5}] """, "reading.detections[0].cls is required")]
    [InlineData(""" "detections":[{"cls":"dog","box":[0,0,1,1],"conf":0.5}] """, "reading.detections[0].cls: 'dog' is not one of person, vehicle, forklift")]
    [InlineData(""" "detections":[{"cls":"person","conf":0.5}] """, "reading.detections[0].box is required")]
    [InlineData(""" "detections":[{"cls":"person","box":[0,0,1],"conf":0.5}] """, "reading.detections[0].box: a box is [x, y, w, h], got 3 elements")]
    [InlineData(""" "detections":[{"cls":"person","box":[0,0,1,"NaN"],"conf":0.5}] """, "reading.detections[0].box[3]: NaN is not a number")]
    [InlineData(""" "detections":[{"cls":"person","box":[100001,0,1,1],"conf":0.5}] """, "reading.detections[0].box[0]: must be between -100000 and 100000, got 100001")]
    [InlineData(""" "detections":[{"cls":"person","box":[0,-100001,1,1],"conf":0.5}] """, "reading.detections[0].box[1]: must be between -100000 and 100000, got -100001")]
    [InlineData(""" "detections":[{"cls":"person","box":[0,0,-1,1],"conf":0.5}] """, "reading.detections[0].box[2]: must be between 0 and 100000, got -1")]
    [InlineData(""" "detections":[{"cls":"person","box":[0,0,1,1e400],"conf":0.5}] """, "reading.detections[0].box[3]: 1e400 is not a finite number")]
    [InlineData(""" "detections":[{"cls":"person","box":[0,0,1,1]}] """, "reading.detections[0].conf is required")]
    [InlineData(""" "detections":[{"cls":"person","box":[0,0,1,1],"conf":-0.1}] """, "reading.detections[0].conf: must be between 0 and 1, got -0.1")]
    [InlineData(""" "detections":[{"cls":"person","box":[0,0,1,1],"conf":0.5,"track":12}] """, "reading.detections[0].track: expected a string, got a number")]
    [InlineData(""" "detections":[{"cls":"person","box":[0,0,1,1],"conf":0.5,"helmet":"no"}] """, "reading.detections[0].helmet: expected true or false, got a string")]
    [InlineData(""" "detections":[{"cls":"person","box":[0,0,1,1],"conf":0.5}, 3] """, "reading.detections[1]: expected an object, got a number")]
    [InlineData(""" "detections":[], "frame":{"w":0,"h":10} """, "reading.frame.w: must be between 1 and 16384, got 0")]
    [InlineData(""" "detections":[], "frame":{"w":10,"h":16385} """, "reading.frame.h: must be between 1 and 16384, got 16385")]
    [InlineData(""" "detections":[], "frame":{"w":10} """, "reading.frame.h is required")]
    public void Invalid_detections_are_rejected_naming_the_field(string members, string expected)
    {
        Assert.Equal(expected, Parse.Error(Parse.Reading(members)));
    }

    [Fact]
    public void Empty_detection_list_is_a_frame_where_nothing_was_seen()
    {
        var item = Parse.Ok<ReadingItem>(Parse.Reading(""" "detections":[] """));
        var payload = Assert.IsType<CameraDetections>(item.Payload);
        Assert.Empty(payload.Detections);
        Assert.Null(payload.FrameW);
    }

    [Fact]
    public void Helmet_null_or_absent_means_unknown()
    {
        var item = Parse.Ok<ReadingItem>(Parse.Reading("""
            "detections":[{"cls":"person","box":[0,0,1,1],"conf":0.5,"helmet":null},{"cls":"forklift","box":[0,0,1,1],"conf":0.5,"helmet":true}]
            """));
        var detections = ((CameraDetections)item.Payload!).Detections;
        Assert.Null(detections[0].Helmet);
        Assert.True(detections[1].Helmet);
    }

    [Fact]
    public void At_most_512_detections_per_reading()
    {
        static string Detections(int n) => "\"detections\":[" + string.Join(",", Enumerable.Repeat("""{"cls":"person","box":[0,0,1,1],"conf":0.5}""", n)) + "]";

        Assert.Equal(512, ((CameraDetections)Parse.Ok<ReadingItem>(Parse.Reading(Detections(512))).Payload!).Detections.Count);
        Assert.Equal("reading.detections: has 513 elements, at most 512 are allowed", Parse.Error(Parse.Reading(Detections(513))));
    }

    [Fact]
    public void Thermal_frame_is_read_row_major()
    {
        var item = Parse.Ok<ReadingItem>(Parse.Reading(""" "thermal":{"w":3,"h":2,"c":[20,21.5,-60,2000,85.25,0]} """));

        var frame = Assert.IsType<ThermalFrame>(item.Payload);
        Assert.Equal((3, 2), (frame.W, frame.H));
        Assert.Equal([20f, 21.5f, -60f, 2000f, 85.25f, 0f], frame.C);
    }

    [Fact]
    public void Largest_thermal_frame_is_accepted()
    {
        var values = string.Join(",", Enumerable.Repeat("21.5", 1024 * 1024));
        var item = Parse.Ok<ReadingItem>(Parse.Reading($$""" "thermal":{"w":1024,"h":1024,"c":[{{values}}]} """));
        Assert.Equal(1024 * 1024, ((ThermalFrame)item.Payload!).C.Length);
    }

    [Theory]
    [InlineData(""" "thermal":{"w":2,"h":2,"c":[1,2,3]} """, "reading.thermal.c: has 3 values, but w*h is 4")]
    [InlineData(""" "thermal":{"w":2,"h":1,"c":[1,2,3]} """, "reading.thermal.c: has 3 values, but w*h is 2")]
    [InlineData(""" "thermal":{"w":2,"h":1,"c":[1,2001]} """, "reading.thermal.c[1]: must be between -60 and 2000, got 2001")]
    [InlineData(""" "thermal":{"w":2,"h":1,"c":[-60.5,1]} """, "reading.thermal.c[0]: must be between -60 and 2000, got -60.5")]
    [InlineData(""" "thermal":{"w":2,"h":1,"c":[1,"NaN"]} """, "reading.thermal.c[1]: NaN is not a number")]
    [InlineData(""" "thermal":{"w":2,"h":1,"c":[1,null]} """, "reading.thermal.c[1]: expected a number, got null")]
    [InlineData(""" "thermal":{"w":2,"h":1,"c":[1,1e400]} """, "reading.thermal.c[1]: 1e400 is not a finite number")]
    [InlineData(""" "thermal":{"w":0,"h":1,"c":[]} """, "reading.thermal.w: must be between 1 and 1024, got 0")]
    [InlineData(""" "thermal":{"w":1,"h":1025,"c":[]} """, "reading.thermal.h: must be between 1 and 1024, got 1025")]
    [InlineData(""" "thermal":{"w":1,"h":1} """, "reading.thermal.c is required")]
    [InlineData(""" "thermal":{"w":1,"h":1,"c":"20"} """, "reading.thermal.c: expected an array, got a string")]
    public void Invalid_thermal_frame_is_rejected_naming_the_field(string members, string expected)
    {
        Assert.Equal(expected, Parse.Error(Parse.Reading(members)));
    }

    [Fact]
    public void Forklift_telemetry_and_driver_state_are_read()
    {
        var telemetry = Parse.Ok<ReadingItem>(Parse.Reading(""" "telemetry":{"kmh":9.5,"seatbelt":false,"seat":true,"ignition":true} """));
        var minimal = Parse.Ok<ReadingItem>(Parse.Reading(""" "telemetry":{"kmh":0,"seatbelt":true} """));
        var driver = Parse.Ok<ReadingItem>(Parse.Reading(""" "driver":{"face":true,"eye_open":0.12,"yawn":false,"belt_visible":true} """));

        Assert.Equal(new ForkliftTelemetry(9.5, false, true, true), telemetry.Payload);
        Assert.Equal(new ForkliftTelemetry(0, true), minimal.Payload);
        Assert.Equal(new DriverState(true, 0.12, false, true), driver.Payload);
        Assert.Equal(SensorKinds.Forklift, driver.Payload!.SensorKind);
    }

    [Theory]
    [InlineData(""" "telemetry":{"kmh":5} """, "reading.telemetry.seatbelt is required")]
    [InlineData(""" "telemetry":{"seatbelt":true} """, "reading.telemetry.kmh is required")]
    [InlineData(""" "telemetry":{"kmh":500,"seatbelt":true} """, "reading.telemetry.kmh: must be between 0 and 400, got 500")]
    [InlineData(""" "telemetry":{"kmh":5,"seatbelt":1} """, "reading.telemetry.seatbelt: expected true or false, got a number")]
    [InlineData(""" "telemetry":{"kmh":5,"seatbelt":true,"ignition":"on"} """, "reading.telemetry.ignition: expected true or false, got a string")]
    [InlineData(""" "driver":{"eye_open":0.5} """, "reading.driver.face is required")]
    [InlineData(""" "driver":{"face":true,"eye_open":1.5} """, "reading.driver.eye_open: must be between 0 and 1, got 1.5")]
    [InlineData(""" "driver":{"face":true,"eye_open":"NaN"} """, "reading.driver.eye_open: NaN is not a number")]
    [InlineData(""" "driver":{"face":true,"yawn":"yes"} """, "reading.driver.yawn: expected true or false, got a string")]
    public void Invalid_forklift_payload_is_rejected_naming_the_field(string members, string expected)
    {
        Assert.Equal(expected, Parse.Error(Parse.Reading(members)));
    }

    [Fact]
    public void Image_reading_carries_the_path_and_no_payload()
    {
        var item = Parse.Ok<ReadingItem>(Parse.Reading(""" "image":"frames/x.jpg" """));

        Assert.Equal("frames/x.jpg", item.ImagePath);
        Assert.Equal(new ImageReading("frames/x.jpg"), item.Image);
        Assert.Null(item.Payload);
        Assert.Null(item.ToReading());
    }

    [Theory]
    [InlineData("\"/etc/passwd\"", "reading.image: '/etc/passwd' must be a path relative to the scenario file")]
    [InlineData("\"C:\\\\frames\\\\x.jpg\"", "reading.image: 'C:\\frames\\x.jpg' must be a path relative to the scenario file")]
    [InlineData("\"http://cam/x.jpg\"", "reading.image: 'http://cam/x.jpg' must be a path relative to the scenario file")]
    [InlineData("\"\"", "reading.image: must not be empty")]
    [InlineData("\"a\\nb.jpg\"", "reading.image: must not contain control characters")]
    [InlineData("42", "reading.image: expected a string, got a number")]
    public void Image_path_must_be_relative(string path, string expected)
    {
        Assert.Equal(expected, Parse.Error(Parse.Reading($"\"image\":{path}")));
    }

    [Fact]
    public void Image_alongside_detections_is_two_payloads()
    {
        Assert.StartsWith("reading: has detections and image", Parse.Error(Parse.Reading(""" "image":"x.png", "detections":[] """)));
    }

    [Fact]
    public void Reading_payload_is_not_checked_against_the_sensor_kind()
    {
        // The parser knows no sensors: a thermal frame "from" a radar is the caller's to refuse.
        var item = Parse.Ok<ReadingItem>("""{"type":"reading","t":"2026-03-02T08:00:00Z","sensor":"radar-e1","thermal":{"w":1,"h":1,"c":[20]}}""");
        Assert.Equal(SensorKinds.Thermal, item.Payload!.SensorKind);
    }

    [Fact]
    public void Long_input_is_cut_short_in_messages()
    {
        var junk = new StringBuilder().Append('x', 10_000).ToString();
        var message = Parse.Error($$"""{"type":"reading","t":"{{junk}}","sensor":"s1",{{Speed}}}""");
        Assert.True(message.Length < 200, message);
    }
}
