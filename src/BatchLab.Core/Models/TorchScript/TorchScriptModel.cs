using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace BatchLab.Models.TorchScript;

/// <summary>
/// A module exported from PyTorch with <c>torch.jit.script</c> (or <c>torch.jit.trace</c>), seen as
/// the <c>nn.Module&lt;Tensor, Tensor&gt;</c> the rest of BatchLab trains and measures. Parameters,
/// buffers, the state dict (PyTorch's own key names, no prefix), gradients, train/eval and dtype
/// conversion all act on the script module's own tensors, so BatchLab's update step, optimizers,
/// checkpoints and diagnostics work unchanged; <see cref="Script"/> is what <c>jit.save</c> writes back.
/// </summary>
/// <remarks>
/// Ghost batch norm: TorchScript's BatchNorm normalises over whatever one call receives, so with
/// G set (<see cref="NormBatch"/>) a training-mode forward pass calls the module once per chunk of
/// G samples and concatenates the outputs. That is exactly PyTorch's result for G-sample calls in
/// order (outputs, gradients and running statistics). Models without BatchNorm ignore G, as the
/// zoo's do. Hooks reach only this top level: the layers inside run in the TorchScript interpreter.
/// </remarks>
public sealed class TorchScriptModel : nn.Module<Tensor, Tensor>, IGhostBatchNorm
{
    readonly jit.ScriptModule<Tensor, Tensor> inner;
    long? normBatch;

    internal TorchScriptModel(jit.ScriptModule<Tensor, Tensor> script, string path, TorchScriptCode code) : base("TorchScriptModel")
    {
        inner = script;
        Path = path;
        Code = code;
        train(inner.training);
    }

    /// <summary>The file the module was loaded from.</summary>
    public string Path { get; }

    /// <summary>What the module's code contains (BatchNorm, dropout, whether it reads its training flag).</summary>
    public TorchScriptCode Code { get; }

    /// <summary>The script module itself: <c>torch.jit.save(model.Script, path)</c> writes it back for PyTorch.</summary>
    public jit.ScriptModule<Tensor, Tensor> Script => inner;

    public long? NormBatch
    {
        get => normBatch;
        set => normBatch = value is null or > 0 ? value
            : throw new BatchLabException($"normalization batch G must be a positive number of samples, got {value}");
    }

    public override Tensor forward(Tensor input)
    {
        try
        {
            var rows = input.shape[0];
            if (!training || !Code.HasBatchNorm || normBatch is not long g || g >= rows)
            {
                return inner.forward(input);
            }

            // One call per G-sample chunk, in order: BatchNorm statistics (and running-statistic
            // updates) per chunk, as G-sample calls of the PyTorch module one after another.
            using var scope = NewDisposeScope();
            var chunks = input.split(g).Select(inner.forward).ToArray();
            return cat(chunks, 0).MoveToOuterDisposeScope();
        }
        catch (Exception e) when (e is ExternalException or InvalidOperationException or ArgumentException)
        {
            throw new BatchLabException($"TorchScript model {System.IO.Path.GetFileName(Path)} failed on input [{string.Join(", ", input.shape)}]: {TorchScriptErrors.LastLine(e.Message)}");
        }
    }

    public override IEnumerable<(string name, TorchSharp.Modules.Parameter parameter)> named_parameters(bool recurse = true) => inner.named_parameters(recurse);

    public override IEnumerable<(string name, Tensor buffer)> named_buffers(bool recurse = true, bool include_nonpersistent = true) =>
        inner.named_buffers(recurse, include_nonpersistent);

    public override void train(bool on = true)
    {
        base.train(on);
        inner.train(on);
    }

    public override bool training => inner.training;

    public override void zero_grad(bool set_to_none = true) => inner.zero_grad(set_to_none);

    // Conversions act on the script module, which re-registers its own tensors; an optimizer
    // must be built after them (the trainer converts first).
    protected override nn.Module _to(ScalarType dtype, bool non_blocking)
    {
        if (named_parameters().Any(p => p.parameter.dtype != dtype))
        {
            inner.to(dtype, non_blocking);
        }

        return this;
    }

    protected override nn.Module _to(DeviceType deviceType, int deviceIndex, bool non_blocking)
    {
        inner.to(deviceType, deviceIndex, non_blocking);
        return this;
    }

    protected override nn.Module _to(Device device, ScalarType dtype, bool non_blocking)
    {
        _to(device.type, device.index, non_blocking);
        return _to(dtype, non_blocking);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
