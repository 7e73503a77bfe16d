#nullable enable
using Vigil.Actors.Sensors;
using Vigil.Messages;
using Xunit;

namespace Vigil.Tests.Sensors;

public sealed class PolygonTests
{
    private static readonly IReadOnlyList<Point> Square = [new(100, 400), new(600, 400), new(600, 1000), new(100, 1000)];

    // A concave "U": the notch between its arms is outside.
    private static readonly IReadOnlyList<Point> U =
        [new(0, 0), new(30, 0), new(30, 30), new(20, 30), new(20, 10), new(10, 10), new(10, 30), new(0, 30)];

    [Theory]
    [InlineData(300, 700, true)]
    [InlineData(99, 700, false)]
    [InlineData(601, 700, false)]
    [InlineData(300, 399, false)]
    [InlineData(300, 1001, false)]
    public void Square_contains_only_points_inside(double x, double y, bool expected) =>
        Assert.Equal(expected, Polygon.Contains(Square, x, y));

    [Theory]
    [InlineData(5, 20, true)]
    [InlineData(25, 20, true)]
    [InlineData(15, 20, false)]
    [InlineData(15, 5, true)]
    public void Concave_polygon_excludes_its_notch(double x, double y, bool expected) =>
        Assert.Equal(expected, Polygon.Contains(U, x, y));

    [Fact]
    public void Ray_through_a_vertex_is_counted_once()
    {
        IReadOnlyList<Point> diamond = [new(10, 0), new(20, 10), new(10, 20), new(0, 10)];
        Assert.True(Polygon.Contains(diamond, 10, 10));
        Assert.False(Polygon.Contains(diamond, -5, 10));
    }

    [Fact]
    public void Degenerate_polygon_contains_nothing() =>
        Assert.False(Polygon.Contains([new(0, 0), new(10, 10)], 5, 5));
}
