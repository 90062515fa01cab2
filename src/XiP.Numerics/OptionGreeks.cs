namespace XiP.Numerics;

/// <summary>Destination spans for a batch of option prices and their Greeks.</summary>
/// <remarks>Greeks are partial derivatives per unit: vega per 1.00 of volatility, rho and
/// dividend rho per 1.00 of rate, theta per year of calendar time passing.</remarks>
public readonly ref struct OptionGreeks
{
    public OptionGreeks(Span<double> price, Span<double> delta, Span<double> gamma, Span<double> vega, Span<double> theta, Span<double> rho, Span<double> dividendRho)
    {
        Price = price;
        Delta = delta;
        Gamma = gamma;
        Vega = vega;
        Theta = theta;
        Rho = rho;
        DividendRho = dividendRho;
    }

    public Span<double> Price { get; }
    public Span<double> Delta { get; }
    public Span<double> Gamma { get; }
    public Span<double> Vega { get; }
    public Span<double> Theta { get; }
    public Span<double> Rho { get; }
    public Span<double> DividendRho { get; }

    /// <summary>Elements [start, start + count) of every destination.</summary>
    internal OptionGreeks Slice(int start, int count) =>
        new(Price.Slice(start, count), Delta.Slice(start, count), Gamma.Slice(start, count), Vega.Slice(start, count),
            Theta.Slice(start, count), Rho.Slice(start, count), DividendRho.Slice(start, count));

    internal void RequireLength(int length, bool withTheta)
    {
        if (Price.Length < length || Delta.Length < length || Gamma.Length < length || Vega.Length < length
            || (withTheta && Theta.Length < length) || Rho.Length < length || DividendRho.Length < length)
        {
            throw new ArgumentException("A destination span is shorter than the inputs.");
        }
    }
}
