namespace Vigil.Actors.Sensors;

/// <summary>
/// The sensor shard region's hand-off stop message: sent by the local shard to a sensor it hands to another node (a
/// rolling restart, a rebalance). Instead of dying at once as with a PoisonPill, the sensor first saves the hazards its
/// zone has not acknowledged. It never crosses the wire.
/// </summary>
public sealed class StopSensor
{
    public static readonly StopSensor Instance = new();

    private StopSensor()
    {
    }
}
