using Xunit.Sdk;

namespace XiP.Results.Tests;

/// <summary>
/// A fact about a result store: runs like <see cref="FactAttribute"/>, unless the test class carries a
/// <see cref="SkipUnlessEnvironmentAttribute"/> whose variable is unset, in which case it is reported as
/// skipped. On the contract's tests it lets one class (SQLite) run them and another (a live server) skip them.
/// </summary>
[XunitTestCaseDiscoverer("XiP.Results.Tests.StoreFactDiscoverer", "XiP.Results.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>The <see cref="TheoryAttribute"/> counterpart of <see cref="StoreFactAttribute"/>.</summary>
[XunitTestCaseDiscoverer("XiP.Results.Tests.StoreTheoryDiscoverer", "XiP.Results.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreTheoryAttribute : TheoryAttribute;
