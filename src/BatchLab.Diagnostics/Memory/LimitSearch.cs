namespace BatchLab.Diagnostics.Memory;

/// <summary>
/// Finds the largest micro-batch M whose measured training memory fits under limit × (1 − margin):
/// doubles M from <c>start</c> until a probe misses (or the cap), bisects between the last fit and
/// the first miss, then measures the answer and the next M again, because memory is not monotone
/// in M (allocator rounding, kernels that switch algorithm with the batch size): an answer that
/// misses on the second look steps down, a neighbour that fits on its second look steps up.
/// Every probe is one fresh measurement (first looks reuse <c>known</c> measurements, e.g. of the
/// micro-batches measured to validate the model), and the search stops after <c>maxProbes</c>; a
/// probe whose prediction exceeds twice the limit, or the memory the machine has, is counted as a
/// miss without being run. A guided search (<c>guided</c>) starts growing at half the model's
/// answer instead of at <c>start</c>, and starts over from <c>start</c> if that first probe misses.
/// </summary>
public static class LimitSearch
{
    public static LimitSearchResult Run(
        MemoryModel model, long limit, double margin, Func<long, long> measure,
        long start = 1, long cap = 4096, int maxProbes = 12, long? machineBytes = null, IReadOnlyDictionary<long, long>? known = null, bool guided = false)
    {
        if (limit <= 0 || margin is < 0 or >= 1 || start < 1 || cap < start || maxProbes < 2)
        {
            throw new BatchLabException($"the limit search needs a positive limit, a margin in [0, 1), 1 ≤ start ≤ cap and at least 2 probes", BatchLabException.BadInput);
        }

        var usable = (long)(limit * (1 - margin));
        var probes = new List<LimitProbe>();
        var firstLook = new Dictionary<long, bool>();
        var runs = 0;
        bool Probe(long m, ProbePhase phase, bool again = false)
        {
            if (!again && firstLook.TryGetValue(m, out var seen))
            {
                return seen;
            }

            var predicted = model.Predict(m);
            LimitProbe probe;
            if (predicted > 2 * limit || (machineBytes is { } machine && predicted > machine))
            {
                probe = new LimitProbe(m, phase, null, predicted, false, "not run: predicted beyond twice the limit or the machine's memory");
            }
            else
            {
                var reused = !again && known is not null && known.ContainsKey(m);
                var measured = reused ? known![m] : measure(m);
                runs += reused ? 0 : 1;
                probe = new LimitProbe(m, phase, measured, predicted, measured <= usable);
            }

            probes.Add(probe);
            firstLook.TryAdd(m, probe.Fits);
            return probe.Fits;
        }

        long? fit = null;
        long? miss = null;
        for (var m = guided ? GuidedStart(model, usable, start, cap) : start; runs < maxProbes; m = Math.Min(cap, m * 2))
        {
            if (!Probe(m, ProbePhase.Grow))
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

        if (fit is null && guided && probes.Count > 0 && probes[0].MicroBatch > start)
        {
            // The model's guess missed: search from the start as without a guess.
            var below = Run(model, limit, margin, measure, start, probes[0].MicroBatch - 1, Math.Max(2, maxProbes - runs), machineBytes, known);
            return below with { Probes = [.. probes, .. below.Probes], ReachedCap = false };
        }

        if (fit is null)
        {
            return new LimitSearchResult(limit, margin, usable, model.LargestMicroBatch(usable), null, false, probes);
        }

        var low = fit.Value;
        while (miss is { } high && high - low > 1 && runs < maxProbes)
        {
            var middle = low + ((high - low) / 2);
            if (Probe(middle, ProbePhase.Bisect))
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
        while (answer is { } a && runs < maxProbes)
        {
            if (!Probe(a, ProbePhase.Recheck, again: true))
            {
                answer = a > start ? a - 1 : null;
                continue;
            }

            if (a >= cap || runs >= maxProbes || !Probe(a + 1, ProbePhase.Recheck, again: true))
            {
                break;
            }

            answer = a + 1;
        }

        return new LimitSearchResult(limit, margin, usable, model.LargestMicroBatch(usable), answer, answer >= cap, probes);
    }

    /// <summary>
    /// Where a guided search starts growing: half the model's answer (room for its error), as
    /// start × a power of two, at most the cap. A model that predicts the cap to fit with room to
    /// spare costs two probes (the cap and its second look) instead of one per doubling from 1.
    /// </summary>
    static long GuidedStart(MemoryModel model, long usable, long start, long cap)
    {
        var half = Math.Min(cap, model.LargestMicroBatch(usable) / 2);
        var m = start;
        while (m * 2 <= half)
        {
            m *= 2;
        }

        return half >= cap ? cap : m;
    }
}
