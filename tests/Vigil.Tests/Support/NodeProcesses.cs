using Xunit;

namespace Vigil.Tests.Support;

/// <summary>
/// Tests that start node processes run one after another, and alone: three clusters at once on two cores, or one
/// cluster beside the rest of the suite, would test the scheduler, not Vigil. xunit runs this collection after the
/// parallel ones.
/// </summary>
[CollectionDefinition(Collection, DisableParallelization = true)]
public sealed class NodeProcesses
{
    public const string Collection = "node processes";
}
