using System.Reflection;
using XiP.Numerics.Simd;
using Xunit.Sdk;

namespace XiP.Numerics.Tests;

/// <summary>
/// One register width for a theory's <c>vectorBits</c>: 512, 256, 128 or 0 (the scalar path). A width this machine does
/// not accelerate is reported skipped, with the reason: <see cref="SimdPolicy.Limit"/> there lets the kernels run only
/// a narrower path, so a pass would claim a path that never ran.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class VectorWidthAttribute : DataAttribute
{
    public VectorWidthAttribute(int bits)
    {
        Bits = bits;
        if (bits > SimdPolicy.HardwareVectorBits)
        {
            Skip = $"{bits}-bit registers are not hardware-accelerated on this machine (Vector{bits}.IsHardwareAccelerated is false, "
                + $"the widest is {SimdPolicy.HardwareVectorBits} bits): the {bits}-bit path cannot run here.";
        }
    }

    public int Bits { get; }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[Bits]];
}
