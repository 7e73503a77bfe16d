using System.Text;

namespace Vigil.Tests.Vision;

/// <summary>
/// Writes a minimal ONNX model (protobuf by hand) in the YOLOv8 export format: images [1,3,S,S] →
/// output [1, 4+C, N] = fixed predictions × max(images). Bright images give the predictions; a black image none.
/// </summary>
public static class TinyOnnx
{
    public static byte[] Yolov8(int size, float[,] predictions, IReadOnlyList<string> names)
    {
        var features = predictions.GetLength(0);
        var boxes = predictions.GetLength(1);
        var weights = new List<float>();
        for (var f = 0; f < features; f++)
            for (var n = 0; n < boxes; n++)
                weights.Add(predictions[f, n]);

        var graph = new Proto()
            .Msg(1, new Proto().Str(1, "images").Str(2, "max").Str(3, "reduce").Str(4, "ReduceMax")
                .Msg(5, new Proto().Str(1, "keepdims").Int(3, 0).Int(20, 2)))
            .Msg(1, new Proto().Str(1, "W").Str(1, "max").Str(2, "output").Str(3, "scale").Str(4, "Mul"))
            .Str(2, "tiny_ppe")
            .Msg(5, new Proto().Int(1, 1).Int(1, features).Int(1, boxes).Int(2, 1).Floats(4, weights).Str(8, "W"))
            .Msg(11, ValueInfo("images", 1, 3, size, size))
            .Msg(12, ValueInfo("output", 1, features, boxes));
        var namesMeta = "{" + string.Join(", ", names.Select((n, i) => $"{i}: '{n}'")) + "}";
        var model = new Proto()
            .Int(1, 8)
            .Str(2, "vigil-tests")
            .Msg(7, graph)
            .Msg(8, new Proto().Str(1, "").Int(2, 13))
            .Msg(14, new Proto().Str(1, "names").Str(2, namesMeta));
        return model.ToArray();
    }

    private static Proto ValueInfo(string name, params long[] dims)
    {
        var shape = new Proto();
        foreach (var d in dims)
            shape.Msg(1, new Proto().Int(1, d));
        return new Proto().Str(1, name).Msg(2, new Proto().Msg(1, new Proto().Int(1, 1).Msg(2, shape)));
    }

    private sealed class Proto
    {
        private readonly MemoryStream _s = new();

        public Proto Int(int field, long value)
        {
            Tag(field, 0);
            Varint((ulong)value);
            return this;
        }

        public Proto Str(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public Proto Msg(int field, Proto value) => Bytes(field, value.ToArray());

        public Proto Floats(int field, IEnumerable<float> values) => Bytes(field, values.SelectMany(BitConverter.GetBytes).ToArray());

        public byte[] ToArray() => _s.ToArray();

        private Proto Bytes(int field, byte[] bytes)
        {
            Tag(field, 2);
            Varint((ulong)bytes.Length);
            _s.Write(bytes);
            return this;
        }

        private void Tag(int field, int wire) => Varint((ulong)((field << 3) | wire));

        private void Varint(ulong v)
        {
            while (v >= 0x80)
            {
                _s.WriteByte((byte)(v | 0x80));
                v >>= 7;
            }
            _s.WriteByte((byte)v);
        }
    }
}
