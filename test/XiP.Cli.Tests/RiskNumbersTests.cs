using XiP.Cli.Output;

namespace XiP.Cli.Tests;

public sealed class RiskNumbersTests
{
    [Theory]
    [InlineData("pv", 1234567.891, "1,234,567.89")]
    [InlineData("pv", -0.005, "-0.01")]
    [InlineData("pv01", 12.3456, "12.35")]
    [InlineData("cleanPrice", 99.87654, "99.88")]
    [InlineData("delta", 0.5123456789, "0.512346")]
    [InlineData("delta", 1234.56789, "1,234.57")]
    [InlineData("gamma", 0.000123456789, "0.000123457")]
    [InlineData("vega", 12345678.9, "12,345,679")]
    [InlineData("theta", 0, "0")]
    [InlineData("parRate", 0.0312345678, "3.1235 %")]
    public void AMeasureIsWrittenAsARiskUserReadsIt(string measure, double value, string expected)
    {
        Assert.Equal(expected, RiskNumbers.Format(measure, value));
    }

    [Fact]
    public void AMarkNamesItsFootnote()
    {
        Assert.Equal("n/a¹", RiskNumbers.Mark(1));
        Assert.Equal("n/a¹²", RiskNumbers.Mark(12));
    }
}
