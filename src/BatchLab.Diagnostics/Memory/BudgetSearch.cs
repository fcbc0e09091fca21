namespace BatchLab.Diagnostics.Memory;

/// <summary>
/// Finds the largest micro-batch M whose measured training memory fits under budget × (1 − margin):
/// doubles M from <c>start</c> until a trial misses (or the cap), bisects between the last fit and
/// the first miss, then measures the answer and the next M again, because memory is not monotone
/// in M (allocator rounding, kernels that switch algorithm with the batch size): an answer that
/// misses on the second look steps down, a neighbour that fits on its second look steps up.
/// Every trial is one fresh measurement (first looks reuse <c>known</c> measurements, e.g. of the
/// micro-batches measured to validate the model), and the search stops after <c>maxTrials</c>; a
/// trial whose prediction exceeds twice the budget, or the memory the machine has, is counted as a
/// miss without being run.
/// </summary>
public static class BudgetSearch
{
    public static BudgetResult Run(
        MemoryModel model, long budget, double margin, Func<long, long> measure,
        long start = 1, long cap = 4096, int maxTrials = 12, long? machineBytes = null, IReadOnlyDictionary<long, long>? known = null)
    {
        if (budget <= 0 || margin is < 0 or >= 1 || start < 1 || cap < start || maxTrials < 2)
        {
            throw new BatchLabException($"the budget search needs a positive budget, a margin in [0, 1), 1 ≤ start ≤ cap and at least 2 trials", BatchLabException.BadInput);
        }

        var limit = (long)(budget * (1 - margin));
        var trials = new List<BudgetTrial>();
        var firstLook = new Dictionary<long, bool>();
        var runs = 0;
        bool Trial(long m, TrialPhase phase, bool again = false)
        {
            if (!again && firstLook.TryGetValue(m, out var seen))
            {
                return seen;
            }

            var predicted = model.Predict(m);
            BudgetTrial trial;
            if (predicted > 2 * budget || (machineBytes is { } machine && predicted > machine))
            {
                trial = new BudgetTrial(m, phase, null, predicted, false, "not run: predicted beyond twice the budget or the machine's memory");
            }
            else
            {
                var reused = !again && known is not null && known.ContainsKey(m);
                var measured = reused ? known![m] : measure(m);
                runs += reused ? 0 : 1;
                trial = new BudgetTrial(m, phase, measured, predicted, measured <= limit);
            }

            trials.Add(trial);
            firstLook.TryAdd(m, trial.Fits);
            return trial.Fits;
        }

        long? fit = null;
        long? miss = null;
        for (var m = start; runs < maxTrials; m = Math.Min(cap, m * 2))
        {
            if (!Trial(m, TrialPhase.Grow))
            {
                miss = m;
                break;
            }

            fit = m;
            if (m == cap)
            {
                break;
            }
        }

        if (fit is null)
        {
            return new BudgetResult(budget, margin, limit, model.LargestMicroBatch(limit), null, false, trials);
        }

        var low = fit.Value;
        while (miss is { } high && high - low > 1 && runs < maxTrials)
        {
            var middle = low + ((high - low) / 2);
            if (Trial(middle, TrialPhase.Bisect))
            {
                low = middle;
            }
            else
            {
                miss = middle;
            }
        }

        // Second looks: step down while the answer misses, up while the next M fits.
        var answer = (long?)low;
        while (answer is { } a && runs < maxTrials)
        {
            if (!Trial(a, TrialPhase.Recheck, again: true))
            {
                answer = a > start ? a - 1 : null;
                continue;
            }

            if (a >= cap || runs >= maxTrials || !Trial(a + 1, TrialPhase.Recheck, again: true))
            {
                break;
            }

            answer = a + 1;
        }

        return new BudgetResult(budget, margin, limit, model.LargestMicroBatch(limit), answer, answer >= cap, trials);
    }
}
