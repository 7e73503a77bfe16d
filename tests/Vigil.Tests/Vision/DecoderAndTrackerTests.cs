using Vigil.Vision.Inference;
using Vigil.Vision.Tracking;
using Xunit;

namespace Vigil.Tests.Vision;

public sealed class DecoderAndTrackerTests
{
    [Fact]
    public void Layouts_are_told_apart_by_output_shape()
    {
        Assert.Equal(YoloLayout.Yolox, YoloDecoders.Detect([1, 3549, 85], 416));
        Assert.Equal(YoloLayout.Yolov5, YoloDecoders.Detect([1, 25200, 8], 640));
        Assert.Equal(YoloLayout.Yolov8, YoloDecoders.Detect([1, 7, 8400], 640));
        Assert.Equal(3, YoloDecoders.Classes(YoloLayout.Yolov5, [1, 25200, 8]));
        Assert.Throws<NotSupportedException>(() => YoloDecoders.Detect([1, 10], 640));
    }

    [Fact]
    public void Yolov5_rows_decode_to_corner_boxes_scored_obj_times_class()
    {
        // two boxes, two classes: [cx, cy, w, h, obj, c0, c1]
        float[] o = [100, 50, 20, 40, 0.9f, 0.1f, 0.8f, 10, 10, 4, 4, 0.2f, 0.9f, 0.1f];
        var found = new List<RawDetection>();
        YoloDecoders.Decode(YoloLayout.Yolov5, o, [1, 2, 7], 640, 0.3f, found);
        var d = Assert.Single(found);
        Assert.Equal(1, d.ClassId);
        Assert.Equal(0.72f, d.Score, 3);
        Assert.Equal(new BoxF(90, 30, 20, 40), d.Box);
    }

    [Fact]
    public void Yolox_cells_decode_relative_to_their_grid_and_stride()
    {
        var size = 64;
        var cells = YoloDecoders.GridCells(size); // 64 + 16 + 4
        var o = new float[cells * 6];
        // cell (gx=2, gy=1) of stride 8 is row 1*8+2 = 10
        float[] row = [0.5f, 0.5f, MathF.Log(2), MathF.Log(4), 0.9f, 0.9f];
        row.CopyTo(o, 10 * 6);
        var found = new List<RawDetection>();
        YoloDecoders.Decode(YoloLayout.Yolox, o, [1, cells, 6], size, 0.3f, found);
        var d = Assert.Single(found);
        Assert.Equal(20 - 8, d.Box.X, 3); // cx = (0.5+2)*8 = 20, w = 2*8 = 16
        Assert.Equal(12 - 16, d.Box.Y, 3); // cy = (0.5+1)*8 = 12, h = 4*8 = 32
        Assert.Equal(0.81f, d.Score, 3);
    }

    [Fact]
    public void Nms_keeps_the_best_of_overlapping_boxes_per_class()
    {
        var kept = Nms.Apply([
            new RawDetection(0, 0.9f, new BoxF(0, 0, 10, 10)),
            new RawDetection(0, 0.8f, new BoxF(1, 1, 10, 10)),
            new RawDetection(1, 0.7f, new BoxF(1, 1, 10, 10)),
            new RawDetection(0, 0.6f, new BoxF(50, 50, 10, 10)),
        ], 0.45f);
        Assert.Equal([0.9f, 0.7f, 0.6f], kept.Select(k => k.Score));
    }

    [Fact]
    public void Letterbox_boxes_map_back_to_source_pixels()
    {
        var lb = new LetterboxInfo(0.5f, 0, 52, 832, 624);
        var b = lb.ToSource(new BoxF(10, 62, 20, 40));
        Assert.Equal(new BoxF(20, 20, 40, 80), b);
    }

    [Fact]
    public void Tracker_keeps_ids_while_people_move_and_through_a_short_miss()
    {
        var tracker = new IouTracker();
        var a = tracker.Update([("person", new BoxF(0, 0, 20, 50), 0.9f), ("person", new BoxF(100, 0, 20, 50), 0.9f), ("vehicle", new BoxF(0, 0, 20, 50), 0.9f)]);
        Assert.Equal(3, a.Select(t => t.TrackId).Distinct().Count());
        var b = tracker.Update([("person", new BoxF(104, 2, 20, 50), 0.9f), ("person", new BoxF(4, 2, 20, 50), 0.9f)]);
        Assert.Equal(a[1].TrackId, b[0].TrackId);
        Assert.Equal(a[0].TrackId, b[1].TrackId);
        tracker.Update([]);
        var c = tracker.Update([("person", new BoxF(12, 6, 20, 50), 0.9f)]);
        Assert.Equal(a[0].TrackId, c[0].TrackId); // predicted forward over the missed frame
        Assert.Equal((22f, 56f), c[0].FootPoint);
        for (var i = 0; i < 7; i++)
            tracker.Update([]);
        Assert.Equal(0, tracker.LiveTracks);
    }
}
