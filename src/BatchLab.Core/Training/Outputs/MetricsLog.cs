using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchLab.Training.Outputs;

/// <summary>
/// Metrics as JSON lines: {"kind":"update"|"eval","update":…,"epoch":…,"samples":…,"wall_time":…,…}.
/// Update lines are written every <paramref name="logEvery"/> updates (a B = 1 epoch has 55,000);
/// every evaluation is written. On resume, lines past the checkpoint are dropped first, so the file
/// reads as if the run had never stopped.
/// </summary>
public sealed class MetricsLog(string path, long logEvery = 1) : ITrainingObserver, IDisposable
{
    /// <summary>Update lines are written every this many updates; evaluations always.</summary>
    public long LogEvery { get; set; } = logEvery;

    static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
    StreamWriter? writer;

    /// <summary>For text: tokens per sample (the context), so that every line also gives "tokens" seen so far; null otherwise.</summary>
    public long? TokensPerSample { get; init; }

    public string Path => path;

    public void OnStart(TrainingStart start)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        if (start.ResumedFrom.Update > 0 && File.Exists(path))
        {
            // Everything up to the checkpoint was flushed when it was written; a line torn by a
            // kill after it can only be past the checkpoint, so it is dropped with the rest.
            var kept = File.ReadLines(path).Where(line => UpdateOf(line) is long u && u <= start.ResumedFrom.Update).ToList();
            File.WriteAllLines(path, kept);
        }
        else if (start.ResumedFrom.Update == 0)
        {
            File.Delete(path);
        }

        writer = new StreamWriter(path, append: true);
    }

    public void OnUpdate(in UpdateRecord u)
    {
        if (u.Update % LogEvery == 0)
        {
            Write(WithTokens(new JsonObject
            {
                ["kind"] = "update",
                ["update"] = u.Update,
                ["epoch"] = u.Epoch,
                ["samples"] = u.Samples,
                ["wall_time"] = u.WallSeconds,
                ["loss"] = u.Loss,
                ["lr"] = u.LearningRate,
            }, u.Samples));
        }
    }

    public void OnEvaluation(EvaluationRecord e)
    {
        var line = new JsonObject
        {
            ["kind"] = "eval",
            ["update"] = e.Update,
            ["epoch"] = e.Epoch,
            ["samples"] = e.Samples,
            ["step_time"] = e.StepSeconds,
            ["wall_time"] = e.WallSeconds,
        };
        foreach (var (name, value) in e.Values)
        {
            line[name] = value;
        }

        Write(WithTokens(line, e.Samples));
    }

    /// <summary>Every change of B or η an adaptive policy makes, with what it decided on.</summary>
    public void OnBatchChange(Adaptive.BatchDecision d)
    {
        var line = new JsonObject
        {
            ["kind"] = "batch_change",
            ["update"] = d.Update,
            ["samples"] = d.Samples,
            ["batch"] = d.Batch,
            ["lr_scale"] = d.RateScale,
            ["reason"] = d.Reason,
        };
        if (d.NoiseScale is double noise)
        {
            line["noise_scale"] = noise;
        }

        if (d.PredictedGoodput is double goodput)
        {
            line["predicted_goodput"] = goodput;
        }

        Write(line);
    }

    public void OnCheckpoint(long update) => writer?.Flush();

    public void OnEnd(TrainResult result) => writer?.Flush();

    /// <summary>Adds "tokens" (samples × context) for text runs.</summary>
    JsonObject WithTokens(JsonObject line, long samples)
    {
        if (TokensPerSample is long tokens)
        {
            line["tokens"] = samples * tokens;
        }

        return line;
    }

    void Write(JsonObject line) => writer!.WriteLine(line.ToJsonString(Json));

    static long? UpdateOf(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.TryGetProperty("update", out var update) ? update.GetInt64() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => writer?.Dispose();
}
