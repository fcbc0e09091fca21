using BatchLab.Models.TorchScript;
using BatchLab.Models.Transformer;
using static TorchSharp.torch;

namespace BatchLab.Models;

/// <summary>
/// Every model a spec string can name. The grammar (also in README "Models" and
/// <c>batchlab models --help</c>):
/// <code>
/// linear | mlp:W1xW2x...[,bn][,act=relu|tanh|gelu|sigmoid] | keskar-f1 | keskar-c1 | lenet5 | simple-cnn
///        | resnet8 | resnet20 | vgg16 | transformer:layers=L,dim=D,heads=H,context=T[,tied] | torchscript:PATH.pt
/// </code>
/// In <c>mlp:</c> the Wi are hidden widths; <c>W*K</c> repeats a width K times
/// (<c>mlp:512*5</c> = five hidden layers of 512); <c>bn</c> puts ghost batch norm after each
/// hidden linear layer, before the activation; the activation defaults to relu.
/// </summary>
public static class ModelCatalog
{
    public const string Grammar =
        "linear | mlp:W1xW2x...[,bn][,act=relu|tanh|gelu|sigmoid] | keskar-f1 | keskar-c1 | lenet5 | simple-cnn | resnet8 | resnet20 | vgg16 | transformer:layers=L,dim=D,heads=H,context=T[,tied] | torchscript:PATH.pt";

    /// <summary>MNIST and Fashion-MNIST: what every model but vgg16 was designed for.</summary>
    public static ModelInput Mnist => new([1, 28, 28], 10);

    public static ModelInput ImageNet => new([3, 224, 224], 1000);

    /// <summary>CIFAR-10: 3×32×32 colour images, 10 classes.</summary>
    public static ModelInput Cifar10 => new([3, 32, 32], 10);

    /// <summary>The built-in families, then every family registered in this process.</summary>
    public static IReadOnlyList<ModelEntry> Entries
    {
        get
        {
            lock (Registered)
            {
                return [.. BuiltIn, .. Registered];
            }
        }
    }

    static readonly List<ModelEntry> Registered = [];

    /// <summary>
    /// Makes <paramref name="name"/> a model spec in this process, built by <paramref name="build"/>
    /// for a data set's input shape and number of outputs: a library user's own TorchSharp module can
    /// then be trained, swept and studied like a zoo model (in-process workers; worker processes
    /// and other machines do not see it). Build it from torch's global generator, as the zoo does,
    /// so that a trial's seed fixes its initial weights.
    /// </summary>
    /// <exception cref="BatchLabException">The name is not lower-case letters, digits and '-', or is taken.</exception>
    public static void Register(string name, string description, ModelInput nativeInput, Func<ModelInput, nn.Module<Tensor, Tensor>> build)
    {
        if (name.Length == 0 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            throw new BatchLabException($"model name '{name}' must be lower-case letters, digits and '-'", BatchLabException.BadInput);
        }

        lock (Registered)
        {
            if (BuiltIn.Concat(Registered).Any(e => e.Name == name))
            {
                throw new BatchLabException($"model name '{name}' is already taken", BatchLabException.BadInput);
            }

            Registered.Add(new ModelEntry(name, name, name, description, nativeInput, (_, input, _) => build(input)));
        }
    }

    static IReadOnlyList<ModelEntry> BuiltIn { get; } =
    [
        new("linear", "linear", "linear",
            "one linear layer on the flattened input (linear or logistic regression)",
            Mnist, (_, input, device) => Mlp.Build(MlpSpec.Linear, input, device)),
        new("mlp", "mlp:W1xW2x...[,bn][,act=relu|tanh|gelu|sigmoid]", "mlp:256",
            "fully connected, hidden widths W1, W2, ... (W*K repeats W K times), optional ghost BN, activation (default relu)",
            Mnist, (arguments, input, device) => Mlp.Build(MlpSpec.Parse(arguments), input, device)),
        new("keskar-f1", "keskar-f1", "keskar-f1",
            "Keskar et al. 2017 network F1: 784→5×[512, BN, ReLU]→10, the same as mlp:512*5,bn",
            Mnist, (_, input, device) => Mlp.Build(MlpSpec.KeskarF1, input, device)),
        new("lenet5", "lenet5", "lenet5",
            "LeNet-5: conv 6@5×5 (padding 2) and 16@5×5 with tanh and 2×2 average pooling, fc 120, 84",
            Mnist, (_, input, device) => LeNet5.Build(input, device)),
        new("simple-cnn", "simple-cnn", "simple-cnn",
            "conv 32@5×5 and 64@5×5 'same', each with ReLU and 2×2 max-pool, fc 1024, fc out",
            Mnist, (_, input, device) => SimpleCnn.Build(input, device)),
        new("resnet8", "resnet8", "resnet8",
            "CIFAR-style ResNet, 3 stages of 16/32/64 channels × 1 basic block, ghost BN, option-A shortcuts",
            Mnist, (_, input, device) => new ResNet(1, input, device)),
        new("resnet20", "resnet20", "resnet20",
            "CIFAR-style ResNet, 3 stages of 16/32/64 channels × 3 basic blocks, ghost BN, option-A shortcuts",
            Mnist, (_, input, device) => new ResNet(3, input, device)),
        new("vgg16", "vgg16", "vgg16",
            "VGG-16 configuration D for 3×224×224 images: 13 conv 3×3, 5 max-pools, fc 4096, 4096, out (dropout 0.5)",
            ImageNet, (_, input, device) => Vgg16.Build(input, device)),
        new("keskar-c1", "keskar-c1", "keskar-c1",
            "Keskar et al. 2017 network C1 (shallow convolutional, CIFAR): conv 64@5×5 and 64@5×5 with ReLU, BN and 3×3/2 max-pools, fc 384, 192, out (dropout 0.5)",
            Cifar10, (_, input, device) => KeskarC1.Build(input, device)),
        new(TransformerSpec.Kind, TransformerSpec.Form, TransformerSpec.Example,
            "decoder-only transformer as nanoGPT: L pre-LayerNorm blocks of causal self-attention (H heads) and a GELU MLP, width D, learned positions for T tokens, optionally tied embeddings; for text (brown, text:FILE), a sample being T tokens",
            TransformerModel.Bytes(), TransformerModel.Build, ReadsTokens: true),
        new(TorchScriptFile.Kind, "torchscript:PATH.pt", "torchscript:model.pt",
            "a module exported from PyTorch with torch.jit.script(model).save(PATH); trained from the weights in the file (every seed starts there; seeds vary the data order)",
            Mnist, (path, _, _) => TorchScriptFile.Load(path), PathArgument: true),
    ];

    /// <summary>The valid spec forms, for error messages.</summary>
    public static string ValidForms =>
        "valid forms: " + string.Join("; ", Entries.Select(e => e.Form)) + " (e.g. mlp:512x256, mlp:512*5,bn, mlp:100,act=tanh)";

    /// <summary>Every entry with the parameter count of its example on its native input (null for models read from a file).</summary>
    public static IReadOnlyList<ModelSummary> Describe() =>
        [.. Entries.Select(e => new ModelSummary(
            e.Name, e.Form, e.Example, e.Description, e.NativeInput.SampleShape, e.NativeInput.Outputs,
            e.PathArgument ? null : ModelZoo.CountParameters(e.Example, e.NativeInput)))];
}
