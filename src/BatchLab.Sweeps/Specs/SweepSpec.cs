using System.Text.Json;
using System.Text.Json.Nodes;
using BatchLab.Runs;

namespace BatchLab.Sweeps.Specs;

/// <summary>
/// What a sweep runs: a base run and a grid of axes whose values override the base's fields.
/// Every point of the grid (the product of the axes) becomes one trial, whose parameters are
/// its concrete <see cref="RunSpec"/> and whose key is the point. Stored as a study's spec in
/// the form <see cref="ToJson"/> writes, with the grid expanded, so two spellings of the same
/// grid (<c>2^-2..2^0</c> and <c>0.25,0.5,1</c>) are the same study.
/// </summary>
public sealed class SweepSpec
{
    /// <summary>A sweep beyond this many trials is a typo, not a plan.</summary>
    public const long MaxPoints = 100_000;

    public SweepSpec(RunSpec @base, IReadOnlyList<GridAxis> axes)
    {
        if (axes.GroupBy(a => a.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new BatchLabException($"the grid has the {twice.Key} axis twice");
        }

        if (axes.Any(a => a.Name == GridAxes.Lr.Name) && axes.Any(a => a.Name == GridAxes.BaseLr.Name))
        {
            throw new BatchLabException("give the learning rate as lr (per update) or base_lr (per sample), not both");
        }

        Base = @base;
        Axes = [.. axes.OrderBy(a => GridAxes.Order(a.Name))];
        Count = Axes.Aggregate(1L, (n, a) => n * a.Values.Count);
        if (Count > MaxPoints)
        {
            throw new BatchLabException($"the grid has {Count:N0} points; more than {MaxPoints:N0} is surely a mistake (check the ranges)");
        }
    }

    public RunSpec Base { get; }

    /// <summary>The axes in loop order, outermost first (<see cref="GridAxes"/>).</summary>
    public IReadOnlyList<GridAxis> Axes { get; }

    /// <summary>Number of points (trials).</summary>
    public long Count { get; }

    /// <summary>The points with the last axis varying fastest.</summary>
    public IEnumerable<GridPoint> Points()
    {
        var index = new int[Axes.Count];
        for (long n = 0; n < Count; n++)
        {
            yield return GridPoint.Of(Axes.Select((a, i) => KeyValuePair.Create(a.Name, a.Values[index[i]])));
            for (var i = Axes.Count - 1; i >= 0 && ++index[i] == Axes[i].Values.Count; i--)
            {
                index[i] = 0;
            }
        }
    }

    /// <summary>One trial per point: key = the point, parameters = the concrete run spec.</summary>
    public IReadOnlyList<TrialRequest> Trials() => [.. Points().Select(p => TrialRequest.Of(p.Key, p.Apply(Base).ToJson()))];

    /// <summary>
    /// Checks what can be checked without the data: every point's run spec
    /// (<see cref="RunSpec.Validate"/>: training options, model spec, G only with BatchNorm), so a
    /// bad grid is refused before any trial is queued. Each distinct model is built (on the meta
    /// device) once, not once per point.
    /// </summary>
    public void Validate()
    {
        var models = new HashSet<(string Model, bool NormBatch, Training.Precision Precision)>();
        foreach (var point in Points())
        {
            var run = point.Apply(Base);
            try
            {
                run.Train.Validate();
                run.Train.LearningRate.PeakFor(run.Train.Batch.Samples ?? 1);
                if (models.Add((run.Model, run.Train.NormBatch is not null, run.Train.Precision)))
                {
                    run.ValidateModel();
                }
            }
            catch (BatchLabException e)
            {
                throw new BatchLabException($"grid point {point.Label}: {e.Message}", e.ExitCode, e);
            }
        }
    }

    /// <summary>
    /// Checks the grid against its data set, loaded (the base run names it; no axis varies it):
    /// that the data can be read at all, and that every point's batch plan fits its training
    /// split, so trials that could only fail are never queued.
    /// </summary>
    public void Validate(Data.Dataset data)
    {
        foreach (var point in Points())
        {
            try
            {
                point.Apply(Base).Train.Plan(data.Train.Count);
            }
            catch (BatchLabException e)
            {
                throw new BatchLabException($"grid point {point.Label}: {e.Message}", e.ExitCode, e);
            }
        }
    }

    /// <summary><c>{"base": RunSpec, "grid": {"batch": [32, "full"], ...}}</c></summary>
    public string ToJson()
    {
        var grid = new JsonObject();
        foreach (var axis in Axes)
        {
            grid[axis.Name] = JsonSerializer.SerializeToNode(axis.Values);
        }

        return new JsonObject { ["base"] = JsonNode.Parse(Base.ToJson()), ["grid"] = grid }.ToJsonString();
    }

    public static SweepSpec FromJson(string json, string where = "sweep spec") => SweepSpecJson.Read(json, where, strict: false).Spec;

    public override string ToString() => $"{Count} points over {string.Join(" × ", Axes.Select(a => $"{a.Name}[{a.Values.Count}]"))}";
}
