using XiP.Pricing.MarketData;
using XiP.Pricing.Measures;
using XiP.Pricing.Products;

namespace XiP.Pricing.Pricers;

/// <summary>Prices a batch of trades of one product type for a set of measures it supports.</summary>
public interface IProductPricer
{
    /// <summary>The measures this product has.</summary>
    IReadOnlySet<Measure> SupportedMeasures { get; }

    /// <summary>Writes each requested measure of each trade (position <c>positions[i]</c> in the sink) into <paramref name="sink"/>.</summary>
    void Price(MarketSnapshot market, IReadOnlyList<Trade> trades, IReadOnlyList<int> positions, IReadOnlyList<Measure> measures, ValuationSink sink);
}
