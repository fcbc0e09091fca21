using BatchLab.Cli;
using BatchLab.Runtime;

// libtorch's MKL locates itself through the working directory: started in a deleted folder it
// aborts the process with "Intel oneMKL FATAL ERROR: Cannot load libtorch_cpu.so".
if (!WorkingDirectoryExists())
{
    Console.Error.WriteLine("batchlab: error: the working directory no longer exists: cd to an existing folder and run the command again");
    return 2;
}

NumericalReproducibility.Apply(); // before torch computes anything: MKL reads MKL_CBWR once
HeapRetention.Apply();
if (args is [TorchScriptVetting.ChildFlag, var model])
{
    return TorchScriptVetting.Child(model);
}

TorchScriptVetting.Install();
return CliApp.Run(args);

// .NET throws when getcwd(3) fails (the folder was deleted) and returns a path that no longer exists otherwise.
static bool WorkingDirectoryExists()
{
    try
    {
        return Directory.Exists(Environment.CurrentDirectory);
    }
    catch (IOException)
    {
        return false;
    }
}
