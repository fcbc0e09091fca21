using System.Runtime.CompilerServices;
using BatchLab.Runtime;

namespace BatchLab.Tests.Support;

/// <summary>What the CLI does first, done before any test calls torch: MKL's fixed code branch (resume tests compare bits).</summary>
static class ProcessSetup
{
#pragma warning disable CA2255 // the test host's own start-up, as Program.cs is the CLI's
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Init() => NumericalReproducibility.Apply();
}
