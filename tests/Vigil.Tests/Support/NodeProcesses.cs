using Xunit;

namespace Vigil.Tests.Support;

/// <summary>Tests that start node processes run one after another: three clusters at once on two cores would test the scheduler, not Vigil.</summary>
[CollectionDefinition(Collection)]
public sealed class NodeProcesses
{
    public const string Collection = "node processes";
}
