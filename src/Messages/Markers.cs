namespace Vigil.Messages;

/// <summary>Every message that crosses a node or reaches the journal; bound to <see cref="Serialization.VigilSerializer"/>.</summary>
public interface IVigilMessage;

/// <summary>A message routed to one sensor entity by its id.</summary>
public interface IWithSensorId
{
    string SensorId { get; }
}

/// <summary>A message routed to one zone supervisor entity by its id.</summary>
public interface IWithZoneId
{
    string ZoneId { get; }
}
