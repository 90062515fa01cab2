namespace XiP.Results.Tests;

/// <summary>
/// Marks a test class whose <see cref="StoreFactAttribute"/> and <see cref="StoreTheoryAttribute"/> tests,
/// inherited ones included, need an environment variable (a live server's address): without it they are
/// reported as skipped, with a reason that names the variable.
/// </summary>
/// <param name="variable">The environment variable, for example <c>XIP_MONGO_URL</c>.</param>
/// <param name="purpose">What the variable provides, for the skip reason (for example "a MongoDB server").</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SkipUnlessEnvironmentAttribute(string variable, string purpose) : Attribute
{
    public string Variable { get; } = variable;

    /// <summary>Why the tests are skipped, or null when the variable is set.</summary>
    public string? SkipReason => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable))
        ? $"{Variable} is not set; set it to {purpose} to run these tests."
        : null;
}
