using System.Reflection;
using System.Runtime.ExceptionServices;

namespace XiP.Gateway;

/// <summary>
/// Embedded mode's co-hosted silo. The gateway is compiled against what an Orleans client needs only; the silo's
/// composition (XiP.Hosting's <c>XiPSilo</c>, which brings the grains, pricing and stores) ships beside it and is
/// loaded here, by name, only when the configuration asks for embedded mode.
/// </summary>
internal static class EmbeddedSilo
{
    private const string AssemblyName = "XiP.Hosting";
    private const string TypeName = "XiP.Hosting.XiPSilo";
    private const string MethodName = "AddTo";

    public static void AddTo(IHostApplicationBuilder builder)
    {
        Assembly composition;
        try
        {
            composition = Assembly.Load(new AssemblyName(AssemblyName));
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidOperationException(
                $"Embedded mode co-hosts a silo, whose composition ({AssemblyName}.dll) is not beside the gateway; run it as built by "
                + "`dotnet run --project gateway/XiP.Gateway`, or configure a cluster (XiP:Clustering) to run the gateway as a client.", e);
        }

        var addTo = composition.GetType(TypeName, throwOnError: true)!.GetMethod(MethodName, BindingFlags.Public | BindingFlags.Static, [typeof(IHostApplicationBuilder)])
            ?? throw new MissingMethodException(TypeName, MethodName);
        try
        {
            addTo.Invoke(null, [builder]);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            // a configuration error reads as it would from a direct call
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
        }
    }
}
