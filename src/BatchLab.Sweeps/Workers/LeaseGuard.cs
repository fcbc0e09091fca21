using BatchLab.Sweeps.Storage;
using BatchLab.Training;
using BatchLab.Training.Checkpoints;

namespace BatchLab.Sweeps.Workers;

/// <summary>
/// One member of a fused group losing its claim must stop that member only: its store writers
/// (metrics observer, checkpoint store) go through this guard, which turns a
/// <see cref="LeaseLostException"/> into cancelling <see cref="Token"/> (the member's stop) instead
/// of an exception that would end the whole group. The keeper's own loss cancels it too.
/// </summary>
public sealed class LeaseGuard(CancellationToken keeperLost) : IDisposable
{
    readonly CancellationTokenSource lost = CancellationTokenSource.CreateLinkedTokenSource(keeperLost);

    public CancellationToken Token => lost.Token;

    public ITrainingObserver Observer(ITrainingObserver inner) => new GuardedObserver(this, inner);

    public ICheckpointStore Checkpoints(ICheckpointStore inner) => new GuardedCheckpoints(this, inner);

    /// <summary>Runs a store write; a lost lease cancels the member instead of throwing.</summary>
    public void Write(Action write)
    {
        if (lost.IsCancellationRequested)
        {
            return;
        }

        try
        {
            write();
        }
        catch (LeaseLostException)
        {
            lost.Cancel();
        }
    }

    public void Dispose() => lost.Dispose();

    sealed class GuardedObserver(LeaseGuard guard, ITrainingObserver inner) : ITrainingObserver
    {
        public void OnStart(TrainingStart start) => guard.Write(() => inner.OnStart(start));

        public void OnUpdate(in UpdateRecord update)
        {
            var record = update;
            guard.Write(() => inner.OnUpdate(in record));
        }

        public void OnEvaluation(EvaluationRecord evaluation) => guard.Write(() => inner.OnEvaluation(evaluation));

        public void OnCheckpoint(long update) => guard.Write(() => inner.OnCheckpoint(update));

        public void OnEnd(TrainResult result) => guard.Write(() => inner.OnEnd(result));
    }

    sealed class GuardedCheckpoints(LeaseGuard guard, ICheckpointStore inner) : ICheckpointStore
    {
        public void Save(long update, byte[] checkpoint) => guard.Write(() => inner.Save(update, checkpoint));

        public IEnumerable<byte[]> LoadNewestFirst() => inner.LoadNewestFirst();
    }
}
