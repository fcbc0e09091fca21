using System.Runtime.InteropServices;
using BatchLab.Runtime;
using BatchLab.Tests.Support;

namespace BatchLab.Tests.Runtime;

/// <summary>
/// MKL_CBWR reaches MKL (the native environment, not only .NET's copy), reaches the processes
/// BatchLab starts, gives way to the user's own value, and is recorded with the run.
/// </summary>
public sealed class NumericalReproducibilityTests
{
    const string Data = "synthetic-teacher:n=512,test=64,d=8,classes=3,hidden=8,seed=1";

    [Fact]
    public void The_setting_is_in_the_native_environment_that_mkl_reads()
    {
        var setting = NumericalReproducibility.Apply();

        Assert.Equal(setting, Marshal.PtrToStringUTF8(Getenv(NumericalReproducibility.Variable)));
        Assert.Equal(setting, Environment.GetEnvironmentVariable(NumericalReproducibility.Variable));
        if (!NumericalReproducibility.SetByUser)
        {
            Assert.Equal(NumericalReproducibility.Default, setting);
        }
    }

    [Fact]
    public void A_run_records_the_setting_it_computed_with_and_the_users_own_value_wins()
    {
        string[] train = ["train", "--data", Data, "--model", "mlp:8", "--updates", "5", "--threads", "1", "--json"];

        var inherited = CliProcess.Run([.. train, "--out", Folder()]);
        var own = CliProcess.Run(new Dictionary<string, string> { [NumericalReproducibility.Variable] = "AVX2" }, TimeSpan.FromMinutes(2), [.. train, "--out", Folder()]);

        Assert.Equal(NumericalReproducibility.Setting, inherited.Json.GetProperty("mkl_cbwr").GetString());
        Assert.Equal("AVX2", own.Json.GetProperty("mkl_cbwr").GetString());
    }

    static string Folder() => Path.Combine(Path.GetTempPath(), "batchlab-cbwr-" + Guid.NewGuid().ToString("N"));

    [DllImport("libc", EntryPoint = "getenv")]
    static extern IntPtr Getenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);
}
