using System.CommandLine;
using System.Globalization;
using BatchLab.Models;

namespace BatchLab.Cli.Commands;

/// <summary>`batchlab models [SPEC]`: the model zoo with parameter counts, or one spec's layers.</summary>
public static class ModelsCommand
{
    // Shown under "Arguments" in 'batchlab models --help' (the command's own description also
    // appears in the root command list, so it stays one line).
    const string Grammar = """
        A model spec to lay out layer by layer (omit to list the catalog). Grammar:
          linear | mlp:W1xW2x...[,bn][,act=relu|tanh|gelu|sigmoid] | keskar-f1 | keskar-c1 | lenet5 | simple-cnn | resnet8 | resnet20 | vgg16
          | torchscript:PATH.pt (a module exported from PyTorch with torch.jit.script(model).save(PATH))
          mlp: hidden widths separated by 'x'; W*K repeats a width K times (mlp:512*5 = five hidden layers of 512);
          bn adds ghost batch norm after each hidden linear layer, before the activation; act defaults to relu.
          Examples: mlp:256, mlp:512x256, mlp:512*5,bn (= keskar-f1), mlp:100x100,act=tanh.
        MLPs and linear flatten any input; convolutional models check the data's image shape.
        Counts are for each model's native input (1x28x28 with 10 classes; keskar-c1 3x32x32; vgg16 3x224x224 with 1000).
        """;

    public static Command Create()
    {
        var spec = new Argument<string?>("SPEC")
        {
            Description = Grammar,
            Arity = ArgumentArity.ZeroOrOne,
        };
        var input = new Option<string?>("--input")
        {
            Description = "Sample shape to lay SPEC out for, e.g. 3x32x32 (default: the model's native input)",
        };
        var outputs = new Option<int?>("--outputs") { Description = "Outputs (classes) to lay SPEC out for (default: native)" };
        var command = new Command("models", "List the model zoo with parameter counts, or show the layers a SPEC builds") { spec, input, outputs };
        command.SetAction(parse =>
        {
            var json = parse.GetValue(CommonOptions.Json);
            if (parse.GetValue(spec) is { } text)
            {
                var native = ModelTraits.NativeInput(text);
                var shape = parse.GetValue(input) is { } s ? ParseShape(s) : native.SampleShape;
                var layout = ModelLayout.Of(text, new ModelInput(shape, parse.GetValue(outputs) ?? native.Outputs));
                if (json)
                {
                    Output.Json(layout);
                }
                else
                {
                    ModelsText.Print(layout);
                }
            }
            else if (json)
            {
                Output.Json(new ModelCatalogResult(ModelCatalog.Grammar, ModelCatalog.Describe()));
            }
            else
            {
                ModelsText.Print(ModelCatalog.Describe());
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    static long[] ParseShape(string text)
    {
        var parts = text.Split('x', '×');
        return parts.All(p => long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0)
            ? [.. parts.Select(p => long.Parse(p, CultureInfo.InvariantCulture))]
            : throw new BatchLabException($"--input '{text}' is not a sample shape such as 1x28x28 or 20");
    }
}

/// <summary>What `batchlab models --json` prints.</summary>
public sealed record ModelCatalogResult(string Grammar, IReadOnlyList<ModelSummary> Models);
