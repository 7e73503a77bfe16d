#nullable enable
namespace Vigil.Actors.Sensors;

/// <summary>The last n per-frame observations of one track (true, false or unknown), for k-of-n confirmation.</summary>
internal sealed class FrameWindow
{
    private readonly bool?[] _ring;
    private int _next;
    private int _filled;

    public FrameWindow(int size) => _ring = new bool?[Math.Max(1, size)];

    public void Push(bool? value)
    {
        _ring[_next] = value;
        _next = (_next + 1) % _ring.Length;
        if (_filled < _ring.Length)
            _filled++;
    }

    public int Count(bool value)
    {
        var n = 0;
        for (var i = 0; i < _filled; i++)
            if (_ring[i] == value)
                n++;
        return n;
    }
}
