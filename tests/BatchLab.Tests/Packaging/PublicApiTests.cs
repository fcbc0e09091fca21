using System.Reflection;
using BatchLab.Tests.Support;
using PublicApiGenerator;

namespace BatchLab.Tests.Packaging;

/// <summary>
/// The public surface of each library package, compared with its approved text under
/// tests/BatchLab.Tests/Packaging/PublicApi/, so a change to it shows up in review as a diff of that
/// file. After an intended change, rewrite the baselines and commit them with the change:
/// <c>BATCHLAB_APPROVE_API=1 ./run-tests --filter FullyQualifiedName~PublicApi</c> (docs/packaging.md).
/// A test, not an analyzer, so a changed API never breaks anyone's build.
/// </summary>
public sealed class PublicApiTests
{
    public const string ApproveVariable = "BATCHLAB_APPROVE_API";

    public static TheoryData<string> Libraries => new(PackagedBuild.Libraries);

    [Theory]
    [MemberData(nameof(Libraries))]
    public void The_public_api_matches_its_approved_baseline(string library)
    {
        var api = Assembly.Load(library).GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false }).ReplaceLineEndings("\n");
        var file = Path.Combine(RepositoryFiles.Root, "tests", "BatchLab.Tests", "Packaging", "PublicApi", library + ".txt");
        if (Environment.GetEnvironmentVariable(ApproveVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, api);
            return;
        }

        var fix = $"if the change is intended, run `{ApproveVariable}=1 ./run-tests --filter FullyQualifiedName~PublicApi` and commit the rewritten baseline";
        Assert.True(File.Exists(file), $"{library} has no API baseline ({file}): {fix}");
        var approved = File.ReadAllText(file).ReplaceLineEndings("\n");
        if (approved == api)
        {
            return;
        }

        var (before, after) = (approved.Split('\n'), api.Split('\n'));
        var removed = before.Except(after).Take(15).Select(l => "- " + l.Trim());
        var added = after.Except(before).Take(15).Select(l => "+ " + l.Trim());
        Assert.Fail($"{library}'s public API changed ({fix}):\n{string.Join('\n', removed.Concat(added))}");
    }
}
