using System.Text.Json;
using BatchLab.Cli;
using Json.Schema;

namespace BatchLab.Tests.Support;

/// <summary>
/// The documented JSON of each command (docs/json/*.schema.json) and a check of a command's
/// actual --json output against it. <see cref="CliProcess"/> runs the check on every successful
/// CLI run with --json, so each command test also tests its command's JSON shape.
/// </summary>
public static class JsonSchemas
{
    public static string Folder { get; } = Path.Combine(RepositoryRoot(), "docs", "json");

    static readonly Dictionary<string, JsonSchema> Loaded = [];

    public static string PathOf(JsonShapes.Shape shape) => Path.Combine(Folder, shape.FileName);

    /// <summary>Fails with every violation when <paramref name="stdout"/> is not what the schema of <paramref name="args"/>' command allows.</summary>
    public static void Check(IReadOnlyList<string> args, string stdout)
    {
        var shape = JsonShapes.Of(args) ?? throw new InvalidOperationException($"no documented JSON shape for `batchlab {string.Join(' ', args)}`");
        JsonSchema schema;
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(shape.FileName, out schema!))
            {
                schema = JsonSchema.FromText(File.ReadAllText(PathOf(shape)), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
                Loaded[shape.FileName] = schema;
            }
        }

        using var document = JsonDocument.Parse(stdout);
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
        {
            var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value} ({d.SchemaLocation})"));
            throw new Xunit.Sdk.XunitException($"`batchlab {string.Join(' ', args)}` --json does not match docs/json/{shape.FileName}:\n{string.Join("\n", errors.Take(20))}");
        }
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BatchLab.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("BatchLab.slnx not found above the test assembly");
    }
}
