using System.CommandLine;
using System.Text.Json;
using BatchLab.Cli;
using BatchLab.Tests.Support;

namespace BatchLab.Tests.Cli;

/// <summary>
/// One JSON shape per command, documented: every command that measures or reports has a shape
/// in <see cref="JsonShapes"/>, and docs/json/ holds exactly the schemas those result types give.
/// Each CLI test that runs a command with --json checks the output against its schema
/// (<see cref="CliProcess.CheckJson"/>); the commands no other test runs that way are run here.
/// Set BATCHLAB_WRITE_SCHEMAS=1 to rewrite docs/json/ after changing a result type.
/// </summary>
public sealed class JsonShapeTests
{
    [Fact]
    public void Every_command_has_one_documented_shape()
    {
        var commands = Leaves(CliApp.Tree(), "").ToList();

        Assert.Equal(commands.Order(), JsonShapes.All.Select(s => s.Command.Replace(" SPEC", "", StringComparison.Ordinal)).Distinct().Order());
    }

    [Fact]
    public void The_documented_schemas_are_those_of_the_result_types()
    {
        var write = Environment.GetEnvironmentVariable("BATCHLAB_WRITE_SCHEMAS") == "1";
        foreach (var shape in JsonShapes.All)
        {
            var generated = JsonShapes.Schema(shape).ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
            var path = JsonSchemas.PathOf(shape);
            if (write)
            {
                File.WriteAllText(path, generated);
            }

            Assert.True(File.Exists(path) && File.ReadAllText(path) == generated,
                $"docs/json/{shape.FileName} is not the schema of {shape.Result.Name}: rerun with BATCHLAB_WRITE_SCHEMAS=1 and review the diff");
        }

        Assert.Equal(JsonShapes.All.Select(s => s.FileName).Order(), Directory.GetFiles(JsonSchemas.Folder, "*.schema.json").Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Models_of_one_spec_and_data_fetch_print_their_documented_json()
    {
        // Each run is checked against its schema inside CliProcess.Run.
        Assert.Equal(0, CliProcess.Run("models", "mlp:256", "--json").ExitCode);
        Assert.Equal(0, CliProcess.Run("data", "fetch", "mnist", "--json").ExitCode);
    }

    [Fact]
    public void A_schema_check_fails_on_an_undocumented_key_a_number_as_a_string_and_a_null()
    {
        var good = CliProcess.Run("doctor", "--json").Stdout;
        var node = System.Text.Json.Nodes.JsonNode.Parse(good)!.AsObject();

        JsonSchemas.Check(["doctor", "--json"], good);
        foreach (var bad in new[] { Changed(node, "extra_key", 1), Changed(node, "threads", "2"), Changed(node, "threads", null) })
        {
            Assert.ThrowsAny<Exception>(() => JsonSchemas.Check(["doctor", "--json"], bad));
        }

        // A key that may be missing (nothing measured) is absent, never null.
        Assert.Contains("never null", NullableProperty());
    }

    static string NullableProperty()
    {
        var schema = JsonShapes.Schema(JsonShapes.All.Single(s => s.Command == "train")).ToJsonString();
        return schema.Contains("\"null\"", StringComparison.Ordinal) ? "allows null" : "never null";
    }

    static string Changed(System.Text.Json.Nodes.JsonObject node, string key, object? value)
    {
        var copy = System.Text.Json.Nodes.JsonNode.Parse(node.ToJsonString())!.AsObject();
        copy[key] = value is null ? null : System.Text.Json.Nodes.JsonValue.Create(value);
        return copy.ToJsonString();
    }

    static IEnumerable<string> Leaves(Command command, string prefix)
    {
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
        {
            var name = (prefix + " " + sub.Name).Trim();
            if (sub.Subcommands.Count == 0 || sub.Action is not null)
            {
                yield return name;
            }

            foreach (var leaf in Leaves(sub, name))
            {
                yield return leaf;
            }
        }
    }
}
