using BatchLab.Cli;
using BatchLab.Runtime;

NumericalReproducibility.Apply(); // before torch computes anything: MKL reads MKL_CBWR once
HeapRetention.Apply();
if (args is [TorchScriptVetting.ChildFlag, var model])
{
    return TorchScriptVetting.Child(model);
}

TorchScriptVetting.Install();
return CliApp.Run(args);
