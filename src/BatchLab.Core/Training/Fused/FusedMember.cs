using static TorchSharp.torch;

namespace BatchLab.Training.Fused;

/// <summary>
/// One trial of a fused group: its model exactly as it would be built to train alone (its seed's
/// initial weights), its options and its hooks (observers, checkpoint store, resume). After the
/// group has run, <see cref="Model"/> holds the member's final weights, as after a solo run.
/// Gradient probes see one model's parameters and are not available in a group. <see cref="Stop"/>
/// interrupts this member alone (it leaves the group, checkpointed, as an interrupted solo run
/// would); the token given to <see cref="FusedTrainer.Run"/> interrupts them all.
/// </summary>
public sealed record FusedMember(nn.Module<Tensor, Tensor> Model, TrainOptions Options, TrainerHooks? Hooks = null, CancellationToken Stop = default);
