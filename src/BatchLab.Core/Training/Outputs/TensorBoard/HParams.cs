using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace BatchLab.Training.Outputs.TensorBoard;

/// <summary>
/// The HParams plugin's session summaries (tensorboard/plugins/hparams/plugin_data.proto): one
/// run folder per trial with its start (hyperparameter values) and end (status), from which
/// TensorBoard's HParams tab builds its table of trials and their metrics. TorchSharp ships no
/// HParams protos, so the few fields needed are encoded here by field number.
/// </summary>
public static class HParams
{
    const string Plugin = "hparams";

    /// <summary>SessionEndInfo.Status: STATUS_SUCCESS = 1, STATUS_FAILURE = 2, STATUS_RUNNING = 3.</summary>
    public enum Status
    {
        Unknown = 0,
        Success = 1,
        Failure = 2,
        Running = 3,
    }

    /// <summary>HParamsPluginData { session_start_info (3): SessionStartInfo { hparams (1): map&lt;string, Value&gt;, start_time_secs (5) } }.</summary>
    public static void WriteStart(EventFile file, IReadOnlyDictionary<string, object> values, double startSeconds)
    {
        var info = new MemoryStream();
        var output = new CodedOutputStream(info);
        foreach (var (name, value) in values)
        {
            var entry = new MemoryStream();
            var e = new CodedOutputStream(entry);
            e.WriteTag(1, WireFormat.WireType.LengthDelimited);
            e.WriteString(name);
            e.WriteTag(2, WireFormat.WireType.LengthDelimited);
            e.WriteBytes(ToValue(value).ToByteString());
            e.Flush();
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(entry.ToArray()));
        }

        output.WriteTag(5, WireFormat.WireType.Fixed64);
        output.WriteDouble(startSeconds);
        output.Flush();
        file.PluginData("_hparams_/session_start_info", Plugin, Wrap(3, info.ToArray()), startSeconds);
    }

    /// <summary>HParamsPluginData { session_end_info (4): SessionEndInfo { status (1), end_time_secs (2) } }.</summary>
    public static void WriteEnd(EventFile file, Status status, double endSeconds)
    {
        var info = new MemoryStream();
        var output = new CodedOutputStream(info);
        output.WriteTag(1, WireFormat.WireType.Varint);
        output.WriteEnum((int)status);
        output.WriteTag(2, WireFormat.WireType.Fixed64);
        output.WriteDouble(endSeconds);
        output.Flush();
        file.PluginData("_hparams_/session_end_info", Plugin, Wrap(4, info.ToArray()), endSeconds);
    }

    /// <summary>HParamsPluginData with version (1) = 0, left out as proto3 does, and one message field.</summary>
    static ByteString Wrap(int field, byte[] message)
    {
        var data = new MemoryStream();
        var output = new CodedOutputStream(data);
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(message));
        output.Flush();
        return ByteString.CopyFrom(data.ToArray());
    }

    static Value ToValue(object value) => value switch
    {
        bool b => Value.ForBool(b),
        string s => Value.ForString(s),
        _ => Value.ForNumber(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)),
    };
}
