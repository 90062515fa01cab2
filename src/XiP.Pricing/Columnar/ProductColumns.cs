namespace XiP.Pricing.Columnar;

/// <summary>
/// The rows of one product in a <see cref="TradeTable"/>, in table order: <see cref="Position"/> is each row's
/// trade index in the table, so a range of trades is a range of rows in every product.
/// </summary>
public abstract class ProductColumns
{
    private protected ProductColumns(int[] position, double[] quantity)
    {
        Position = position;
        Quantity = quantity;
    }

    public int Count => Position.Length;

    /// <summary>The trade index in the table of each row.</summary>
    public int[] Position { get; }

    public double[] Quantity { get; }
}

/// <summary>European options: names are indexes into <see cref="TradeTable.Names"/>, dates day numbers.</summary>
public sealed class EuropeanColumns(int[] position, double[] quantity, int[] underlying, int[] curve, byte[] put, double[] strike, int[] expiryDay)
    : ProductColumns(position, quantity)
{
    public int[] Underlying { get; } = underlying;
    public int[] Curve { get; } = curve;

    /// <summary>1 for a put, 0 for a call.</summary>
    public byte[] Put { get; } = put;
    public double[] Strike { get; } = strike;
    public int[] ExpiryDay { get; } = expiryDay;
}

/// <summary>Geometric Asian options; the fixing days of row i are <c>FixingDays[FixingOffsets[i]..FixingOffsets[i + 1]]</c>, in the order given.</summary>
public sealed class AsianColumns(
    int[] position, double[] quantity, int[] underlying, int[] curve, byte[] put, double[] strike, int[] expiryDay, byte[] continuous, int[] fixingOffsets, int[] fixingDays)
    : ProductColumns(position, quantity)
{
    public int[] Underlying { get; } = underlying;
    public int[] Curve { get; } = curve;
    public byte[] Put { get; } = put;
    public double[] Strike { get; } = strike;
    public int[] ExpiryDay { get; } = expiryDay;

    /// <summary>1 for continuous averaging, 0 for discrete.</summary>
    public byte[] Continuous { get; } = continuous;
    public int[] FixingOffsets { get; } = fixingOffsets;
    public int[] FixingDays { get; } = fixingDays;
}

/// <summary>Vanilla swaps; frequencies are months per period; <see cref="CurrentFixing"/> is NaN where none was given.</summary>
public sealed class SwapColumns(
    int[] position, double[] quantity, double[] notional, double[] fixedRate, int[] startDay, int[] maturityDay, byte[] receiveFixed,
    byte[] fixedMonths, byte[] floatMonths, int[] curve, double[] currentFixing)
    : ProductColumns(position, quantity)
{
    public double[] Notional { get; } = notional;
    public double[] FixedRate { get; } = fixedRate;
    public int[] StartDay { get; } = startDay;
    public int[] MaturityDay { get; } = maturityDay;

    /// <summary>1 when the fixed leg is received, 0 when it is paid.</summary>
    public byte[] ReceiveFixed { get; } = receiveFixed;
    public byte[] FixedMonths { get; } = fixedMonths;
    public byte[] FloatMonths { get; } = floatMonths;
    public int[] Curve { get; } = curve;
    public double[] CurrentFixing { get; } = currentFixing;
}

/// <summary>Fixed-rate bonds; the frequency is months per period.</summary>
public sealed class BondColumns(
    int[] position, double[] quantity, double[] faceValue, double[] couponRate, byte[] months, int[] issueDay, int[] maturityDay, int[] curve)
    : ProductColumns(position, quantity)
{
    public double[] FaceValue { get; } = faceValue;
    public double[] CouponRate { get; } = couponRate;
    public byte[] Months { get; } = months;
    public int[] IssueDay { get; } = issueDay;
    public int[] MaturityDay { get; } = maturityDay;
    public int[] Curve { get; } = curve;
}
