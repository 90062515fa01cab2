using Xunit.Abstractions;
using Xunit.Sdk;

namespace XiP.Results.Tests;

/// <summary>Discovers <see cref="StoreFactAttribute"/> tests: skipped as a whole when the concrete test class says so.</summary>
public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
        => StoreSkip.TestCase(DiagnosticMessageSink, discoveryOptions, testMethod) is { } skipped
            ? [skipped]
            : base.Discover(discoveryOptions, testMethod, factAttribute);
}

/// <summary>Discovers <see cref="StoreTheoryAttribute"/> tests: one skipped test for the theory when the concrete test class says so.</summary>
public sealed class StoreTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute)
        => StoreSkip.TestCase(DiagnosticMessageSink, discoveryOptions, testMethod) is { } skipped
            ? [skipped]
            : base.Discover(discoveryOptions, testMethod, theoryAttribute);
}

internal static class StoreSkip
{
    /// <summary>
    /// A skipped test case when the test class (the concrete one, which for an inherited test is the derived
    /// class) carries a <see cref="SkipUnlessEnvironmentAttribute"/> whose variable is unset; otherwise null.
    /// </summary>
    public static IXunitTestCase? TestCase(IMessageSink diagnosticMessageSink, ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod)
    {
        var reason = testMethod.TestClass.Class
            .GetCustomAttributes(typeof(SkipUnlessEnvironmentAttribute).AssemblyQualifiedName)
            .Select(attribute => attribute.GetNamedArgument<string?>(nameof(SkipUnlessEnvironmentAttribute.SkipReason)))
            .FirstOrDefault(skip => skip is not null);
        return reason is null
            ? null
            : new XunitSkippedDataRowTestCase(
                diagnosticMessageSink,
                discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(),
                testMethod,
                reason);
    }
}
