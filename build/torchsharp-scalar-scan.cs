#:property PublishAot=false
// Lists the TorchSharp members that create a Scalar (TorchSharp.Scalar, a native c10::Scalar) and do
// not hold it until libtorch has read it: directly (an implicit number-to-Scalar conversion, or
// Tensor.ToScalar() read and dropped) or through another such member (Tensor.add(t) passes alpha 1).
// Such a Scalar is left to the finalizer, which a garbage collection on any thread can run during
// the native call. The output is BannedSymbols.txt, which makes every use a build error (RS0030).
// Usage, after a build: dotnet run build/torchsharp-scalar-scan.cs [-- folder with TorchSharp.dll] > BannedSymbols.txt
using System.Reflection;

var dir = Path.GetFullPath(args.Length > 0 ? args[0] : "tests/BatchLab.Tests/bin/Release/net10.0");
AppDomain.CurrentDomain.AssemblyResolve += (_, e) => { var p = Path.Combine(dir, new AssemblyName(e.Name).Name + ".dll"); return File.Exists(p) ? Assembly.LoadFrom(p) : null; };
var asm = Assembly.LoadFrom(Path.Combine(dir, "TorchSharp.dll"));
var flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
var all = new List<MethodBase>();
Type[] types; try { types = asm.GetTypes(); } catch (ReflectionTypeLoadException e) { types = e.Types.Where(x => x != null).ToArray()!; }
foreach (var t in types)
{
    all.AddRange(t.GetMethods(flags));
    all.AddRange(t.GetConstructors(flags));
}
bool Root(MethodBase m) => m.DeclaringType?.FullName == "TorchSharp.Scalar" && m.Name == "op_Implicit"
    || m.DeclaringType?.FullName == "TorchSharp.ScalarExtensionMethods" && m.Name == "ToScalar"
    || m.DeclaringType?.FullName == "TorchSharp.torch+Tensor" && m.Name == "ToScalar";
var callers = new Dictionary<MethodBase, List<MethodBase>>();
foreach (var m in all)
{
    byte[]? il;
    try { il = m.GetMethodBody()?.GetILAsByteArray(); } catch { continue; }
    if (il is null) continue;
    for (var i = 0; i + 4 < il.Length; i++)
    {
        if (il[i] != 0x28 && il[i] != 0x6F && il[i] != 0x73) continue; // call, callvirt, newobj
        var token = BitConverter.ToInt32(il, i + 1);
        if ((token >> 24) is not (0x06 or 0x0A or 0x2B)) continue;
        MethodBase? callee;
        try { callee = m.Module.ResolveMethod(token, m.DeclaringType?.IsGenericType == true ? m.DeclaringType.GetGenericArguments() : null, m.IsGenericMethod ? m.GetGenericArguments() : null); } catch { continue; }
        if (callee is null || callee.Module != m.Module) continue;
        if (callee is MethodInfo { IsGenericMethod: true } gm && !gm.IsGenericMethodDefinition) callee = gm.GetGenericMethodDefinition();
        (callers.TryGetValue(callee, out var l) ? l : callers[callee] = []).Add(m);
    }
}
// unsafe = directly converts (calls a root), then closure over callers
var unsafeSet = new HashSet<MethodBase>();
var queue = new Queue<MethodBase>();
foreach (var r in all.Where(Root))
    foreach (var c in callers.GetValueOrDefault(r) ?? [])
        if (!Root(c) && unsafeSet.Add(c)) queue.Enqueue(c);
while (queue.Count > 0)
{
    var m = queue.Dequeue();
    foreach (var c in callers.GetValueOrDefault(m) ?? [])
        if (!Root(c) && unsafeSet.Add(c)) queue.Enqueue(c);
}
string T(Type t)
{
    if (t.IsByRef) return T(t.GetElementType()!) + "@";
    if (t.IsArray) return T(t.GetElementType()!) + "[]";
    if (t.IsPointer) return T(t.GetElementType()!) + "*";
    if (t.IsGenericParameter) return (t.DeclaringMethod != null ? "``" : "`") + t.GenericParameterPosition;
    var name = (t.IsGenericType ? t.GetGenericTypeDefinition().FullName! : t.FullName ?? t.Name).Replace('+', '.');
    if (t.IsGenericType)
    {
        name = name[..name.IndexOf('`')];
        name += "{" + string.Join(",", t.GetGenericArguments().Select(T)) + "}";
    }
    return name;
}
string Id(MethodBase m)
{
    var type = m.DeclaringType!;
    var tn = (type.IsGenericType ? type.GetGenericTypeDefinition().FullName! : type.FullName!).Replace('+', '.');
    var name = m.Name.Replace('.', '#');
    if (m.IsGenericMethod) name += "``" + m.GetGenericArguments().Length;
    var ps = m.GetParameters();
    var s = $"M:{tn}.{name}" + (ps.Length > 0 ? "(" + string.Join(",", ps.Select(p => T(p.ParameterType))) + ")" : "");
    if (m.Name is "op_Implicit" or "op_Explicit") s += "~" + T(((MethodInfo)m).ReturnType);
    return s;
}
const string Implicit = "an implicit Scalar can be freed by the finalizer while libtorch reads it: use BatchLab.Runtime.ScalarOps";
const string Unheld = "creates a Scalar it does not hold, which the finalizer can free while libtorch reads it: use BatchLab.Runtime.ScalarOps";
Console.WriteLine($"// TorchSharp {asm.GetName().Version} members that create a Scalar without holding it; written by");
Console.WriteLine("// `dotnet run build/torchsharp-scalar-scan.cs > BannedSymbols.txt` (after a build); see src/BatchLab.Core/Runtime/ScalarOps.cs.");
Console.WriteLine("// TorchScript calls are left out: they convert only number arguments, and BatchLab passes tensors.");
foreach (var t in new[] { "Byte", "SByte", "Int16", "Int32", "Int64", "Single", "Double", "Boolean", "Half" })
    Console.WriteLine($"M:TorchSharp.Scalar.op_Implicit(System.{t})~TorchSharp.Scalar;{Implicit}");
foreach (var id in unsafeSet.Where(m => (m.IsPublic || m.IsFamily) && (m.DeclaringType!.IsPublic || m.DeclaringType.IsNestedPublic)).Select(Id)
    .Where(id => !id.StartsWith("M:TorchSharp.torch.jit.ScriptModule") && !id.StartsWith("M:TorchSharp.torch.jit.CompilationUnit")).Distinct().OrderBy(x => x, StringComparer.Ordinal))
    Console.WriteLine($"{id};{Unheld}");
