using System.Text.Json;
using System.Text.Json.Serialization;
using BatchLab.Data;
using BatchLab.Models;
using BatchLab.Training;

namespace BatchLab.Runs;

/// <summary>
/// Everything that defines one training run: the data set (name and split options), the model
/// spec and the training options. It is what a trial stores as its parameters, and what `train`,
/// sweep workers, studies and `advise` all turn into a trainer through <see cref="RunFactory"/>.
/// </summary>
public sealed record RunSpec(string Data, DataOptions DataOptions, string Model, TrainOptions Train)
{
    /// <summary>JSON settings for specs: snake_case, enums as names, B as a number or "full".</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new BatchSizeJsonConverter() },
    };

    /// <summary>
    /// Everything that can be checked before the data is loaded: the training options
    /// (<see cref="TrainOptions.Validate"/>), the model spec, and a normalization batch G only
    /// for a model with BatchNorm (elsewhere G would be accepted and mean nothing).
    /// </summary>
    public void Validate()
    {
        Train.Validate();
        ValidateModel();
    }

    /// <summary>The model half of <see cref="Validate"/> (a meta-device build: milliseconds), for callers that check many specs sharing a model.</summary>
    public void ValidateModel()
    {
        ModelZoo.Resolve(Model);
        if (Train.NormBatch is long g && !ModelTraits.HasBatchNorm(Model))
        {
            throw new BatchLabException(
                $"--norm-batch {g} sets the BatchNorm statistics batch G, but '{Model}' has no BatchNorm layer; leave it out, or use a model with BatchNorm (e.g. mlp:256,bn, keskar-f1, resnet8)");
        }

        ModelTraits.EnsureFits(Model, ModelTraits.NativeInput(Model), Train.Precision.ToScalarType());
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static RunSpec FromJson(string json) =>
        JsonSerializer.Deserialize<RunSpec>(json, Json) ?? throw new BatchLabException("empty run spec");
}

/// <summary>Writes B as a JSON number, or the string "full".</summary>
public sealed class BatchSizeJsonConverter : JsonConverter<BatchSize>
{
    public override BatchSize Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number ? BatchSize.Of(reader.GetInt64()) : BatchSize.Parse(reader.GetString() ?? "");

    public override void Write(Utf8JsonWriter writer, BatchSize value, JsonSerializerOptions options)
    {
        if (value.Samples is long b)
        {
            writer.WriteNumberValue(b);
        }
        else
        {
            writer.WriteStringValue("full");
        }
    }
}
