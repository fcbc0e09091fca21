using BatchLab.Tests.Packaging;
using BatchLab.Tests.Support;

namespace BatchLab.Tests.Cli;

/// <summary>
/// libtorch's MKL finds itself through the working directory; started in a folder that was deleted,
/// the process aborted with "Intel oneMKL FATAL ERROR: Cannot load libtorch_cpu.so". The CLI checks
/// the folder first.
/// </summary>
public class DeletedWorkingDirectoryTests
{
    [Fact]
    public void A_command_started_in_a_deleted_folder_says_so_in_one_line()
    {
        var folder = Path.Combine(Path.GetTempPath(), "batchlab-gone-" + Guid.NewGuid().ToString("N")[..8]);
        // The shell enters the folder, removes it, then becomes the CLI: its working directory is gone.
        var script = $"mkdir -p '{folder}' && cd '{folder}' && rmdir '{folder}' && exec dotnet '{CliProcess.AssemblyPath}' doctor";

        var (exitCode, output) = ProcessRunner.Run("/bin/sh", ["-c", script], Path.GetTempPath(), new Dictionary<string, string?>(), TimeSpan.FromMinutes(2));

        Assert.Equal(2, exitCode);
        Assert.Equal("batchlab: error: the working directory no longer exists: cd to an existing folder and run the command again", output.Trim());
    }
}
