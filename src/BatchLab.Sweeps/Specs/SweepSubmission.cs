using BatchLab.Sweeps.Storage;

namespace BatchLab.Sweeps.Specs;

/// <summary>What submitting a sweep did: its study, the grid's size and how many trials were new.</summary>
public sealed record Submission(Study Study, long Points, int Added);

public static class SweepSubmission
{
    /// <summary>
    /// Creates the study <paramref name="name"/> with one QUEUED trial per grid point, or finds it
    /// again: submitting the same spec twice adds nothing, so rerunning a sweep command resumes
    /// it. A different spec under the same name is refused, saying what differs, unless
    /// <paramref name="extend"/> is set and the change only adds values to the grid's axes; then
    /// only the new points are queued.
    /// </summary>
    public static Submission Submit(IExperimentStore store, string name, SweepSpec spec, bool extend = false, bool extensible = true)
    {
        var study = Create(store, name, spec, extend, extensible);
        var added = store.AddTrials(name, spec.Trials());
        return new Submission(study, spec.Count, added);
    }

    /// <summary>
    /// Creates or finds the study with <paramref name="spec"/> (the same checks as <see cref="Submit"/>)
    /// without queueing its grid: for orchestrations that choose their trials as they go (a budgeted study).
    /// </summary>
    /// <param name="extensible">Whether the caller offers --extend (sweep does; a study's preset does not, so its message names only --name).</param>
    public static Study Create(IExperimentStore store, string name, SweepSpec spec, bool extend = false, bool extensible = true)
    {
        spec.Validate();
        var json = spec.ToJson();
        if (store.GetStudy(name) is { } stored && stored.SpecHash != CanonicalJson.Sha256(CanonicalJson.Canonicalize(json)))
        {
            var change = SpecChange.Between(SweepSpec.FromJson(stored.Spec, $"the stored spec of study '{name}'"), spec);
            if (!extend)
            {
                throw new BatchLabException(extensible
                    ? $"study '{name}' already exists with a different spec ({change.Description}): pass --extend to add the new points, or choose another --name"
                    : $"study '{name}' already exists with a different spec ({change.Description}; an earlier version of the preset, or other options): choose another --name, or another --store");
            }

            change.RequireExtension(name);
        }

        return store.CreateOrGetStudy(name, json, extend);
    }
}
