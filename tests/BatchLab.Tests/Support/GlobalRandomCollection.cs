namespace BatchLab.Tests.Support;

/// <summary>
/// For tests that seed torch's process-wide random generator and then draw from it (model
/// initialisation, dropout): run alone, so no test running beside them draws in between.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRandomCollection
{
    public const string Name = "torch global random generator";
}
