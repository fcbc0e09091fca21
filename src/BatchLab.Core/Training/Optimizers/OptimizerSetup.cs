using static TorchSharp.torch;

namespace BatchLab.Training.Optimizers;

/// <summary>Helpers shared by the optimizers for restoring and building them.</summary>
public static class OptimizerSetup
{
    /// <summary>A private copy of saved state <paramref name="saved"/> for parameter <paramref name="p"/>, shape-checked.</summary>
    public static Tensor CopyFor(Tensor p, Tensor saved, string name)
    {
        if (!saved.shape.SequenceEqual(p.shape))
        {
            throw new BatchLabException(
                $"optimizer state for '{name}' has shape [{string.Join(',', saved.shape)}] but the parameter has [{string.Join(',', p.shape)}]; the checkpoint belongs to another model");
        }

        return saved.to(p.dtype, p.device).clone();
    }

    /// <summary>The optimizer <paramref name="options"/> describes, over the model's trainable parameters.</summary>
    public static IOptimizer Create(nn.Module model, OptimizerOptions options)
    {
        options.Validate();
        var parameters = model.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        return options.Kind == OptimizerKind.Sgd ? new Sgd(parameters, options) : new Adam(parameters, options);
    }
}
