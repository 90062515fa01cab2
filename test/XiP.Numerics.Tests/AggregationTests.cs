using XiP.Numerics.Simd;

namespace XiP.Numerics.Tests;

public sealed class AggregationTests
{
    private static readonly int[] _rowCounts = [0, 1, 2, 3, 5, 17, 64];

    private const int MaxColumns = 40;

    [Theory]
    [VectorWidth(0)]
    [VectorWidth(128)]
    [VectorWidth(256)]
    [VectorWidth(512)]
    public void SumRows_EveryColumnCountAtEachWidth_MatchesNaiveRowOrderBitForBit(int vectorBits)
    {
        foreach (var rows in _rowCounts)
        {
            for (var columns = 1; columns <= MaxColumns; columns++)
            {
                var matrix = Matrix(rows, columns, seed: 1000 * rows + columns);
                var actual = new double[columns];

                using (SimdPolicy.Limit(vectorBits))
                {
                    Aggregation.SumRows(matrix, columns, actual);
                }

                Assert.Equal(Bits(NaiveColumnSums(matrix, columns)), Bits(actual));
            }
        }
    }

    [Fact]
    public void SumRows_ScalarAndDefaultWidth_IdenticalBits()
    {
        foreach (var rows in _rowCounts)
        {
            for (var columns = 1; columns <= MaxColumns; columns++)
            {
                var matrix = Matrix(rows, columns, seed: 7 * rows + columns);
                var scalar = new double[columns];
                var vector = new double[columns];

                using (SimdPolicy.Limit(0))
                {
                    Aggregation.SumRows(matrix, columns, scalar);
                }

                Aggregation.SumRows(matrix, columns, vector);

                Assert.Equal(Bits(scalar), Bits(vector));
            }
        }
    }

    [Fact]
    public void NaiveColumnSums_TestMatrixRowsReversed_ChangesBits()
    {
        // Guards the bit-for-bit tests above: on this data the row order shows in the bits, so a
        // kernel that reordered the rows (pairwise, tree, several accumulators per column) would fail them.
        const int Rows = 64;
        const int Columns = MaxColumns;
        var matrix = Matrix(Rows, Columns, seed: 1000 * Rows + Columns);
        var reversed = new double[matrix.Length];
        for (var r = 0; r < Rows; r++)
        {
            matrix.AsSpan(r * Columns, Columns).CopyTo(reversed.AsSpan((Rows - 1 - r) * Columns, Columns));
        }

        Assert.NotEqual(Bits(NaiveColumnSums(matrix, Columns)), Bits(NaiveColumnSums(reversed, Columns)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(33)]
    public void SumRows_RowsSplitAndAccumulatedInOrder_IdenticalBits(int split)
    {
        const int Rows = 33;
        for (var columns = 1; columns <= MaxColumns; columns++)
        {
            var matrix = Matrix(Rows, columns, seed: 31 * columns + split);
            var whole = new double[columns];
            Aggregation.SumRows(matrix, columns, whole);

            // the first batch summed at once, then the later rows streamed in one by one
            var batched = new double[columns];
            Aggregation.SumRows(matrix.AsSpan(0, split * columns), columns, batched);
            for (var r = split; r < Rows; r++)
            {
                Aggregation.AccumulateRow(matrix.AsSpan(r * columns, columns), batched);
            }

            // every row streamed into a zeroed accumulator, on the scalar path
            var streamed = new double[columns];
            using (SimdPolicy.Limit(0))
            {
                for (var r = 0; r < Rows; r++)
                {
                    Aggregation.AccumulateRow(matrix.AsSpan(r * columns, columns), streamed);
                }
            }

            Assert.Equal(Bits(whole), Bits(batched));
            Assert.Equal(Bits(whole), Bits(streamed));
        }
    }

    [Theory]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(8193)]
    [InlineData(9001)]
    public void SumRows_WideRowsSummedInStrips_MatchesNaiveRowOrderBitForBit(int columns)
    {
        const int Rows = 3;
        var matrix = Matrix(Rows, columns, seed: columns);
        var actual = new double[columns];

        Aggregation.SumRows(matrix, columns, actual);

        Assert.Equal(Bits(NaiveColumnSums(matrix, columns)), Bits(actual));
    }

    [Fact]
    public void SumRows_NoRows_WritesPositiveZeros()
    {
        var destination = new[] { 1.5, -0.0, double.NaN };

        Aggregation.SumRows([], 3, destination);

        Assert.Equal(Bits([0.0, 0.0, 0.0]), Bits(destination));
    }

    [Fact]
    public void SumRows_DestinationLongerThanColumns_LeavesRestAlone()
    {
        double[] matrix = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        var destination = new[] { 9.0, 9.0, 9.0, 9.0 };

        Aggregation.SumRows(matrix, 3, destination);

        Assert.Equal([5.0, 7.0, 9.0, 9.0], destination);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void SumRows_ColumnsNotPositive_ThrowsArgumentException(int columns)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => Aggregation.SumRows(new double[6], columns, new double[6]));

        Assert.Equal("columns", ex.ParamName);
    }

    [Theory]
    [InlineData(7, 3)]
    [InlineData(5, 6)]
    [InlineData(1, 2)]
    public void SumRows_LengthNotWholeRows_ThrowsArgumentException(int length, int columns)
    {
        var ex = Assert.Throws<ArgumentException>(() => Aggregation.SumRows(new double[length], columns, new double[columns]));

        Assert.Equal("matrix", ex.ParamName);
    }

    [Fact]
    public void SumRows_DestinationShorterThanColumns_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => Aggregation.SumRows(new double[8], 4, new double[3]));

        Assert.Equal("destination", ex.ParamName);
    }

    [Theory]
    [VectorWidth(0)]
    [VectorWidth(128)]
    [VectorWidth(256)]
    [VectorWidth(512)]
    public void AccumulateRow_EveryLengthAtEachWidth_AddsEachElementAndLeavesRestAlone(int vectorBits)
    {
        for (var length = 0; length <= MaxColumns; length++)
        {
            var row = Matrix(1, length, seed: length);
            var accumulator = Matrix(1, length + 3, seed: 500 + length);
            var expected = (double[])accumulator.Clone();
            for (var c = 0; c < length; c++)
            {
                expected[c] += row[c];
            }

            using (SimdPolicy.Limit(vectorBits))
            {
                Aggregation.AccumulateRow(row, accumulator);
            }

            Assert.Equal(Bits(expected), Bits(accumulator));
        }
    }

    [Fact]
    public void AccumulateRow_AccumulatorShorterThanRow_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => Aggregation.AccumulateRow(new double[5], new double[4]));

        Assert.Equal("accumulator", ex.ParamName);
    }

    [Theory]
    [VectorWidth(0)]
    [VectorWidth(128)]
    [VectorWidth(256)]
    [VectorWidth(512)]
    public void Subtract_EveryLengthAtEachWidth_MatchesScalarDifferenceBitForBit(int vectorBits)
    {
        const double BaseValue = 1234.5678;
        for (var length = 0; length <= MaxColumns; length++)
        {
            var values = Matrix(1, length, seed: 900 + length);
            var destination = new double[length + 2];
            destination[^2] = 7.0;
            destination[^1] = 8.0;
            var expected = new double[length + 2];
            for (var i = 0; i < length; i++)
            {
                expected[i] = values[i] - BaseValue;
            }

            expected[^2] = 7.0;
            expected[^1] = 8.0;

            using (SimdPolicy.Limit(vectorBits))
            {
                Aggregation.Subtract(values, BaseValue, destination);
            }

            Assert.Equal(Bits(expected), Bits(destination));
        }
    }

    [Fact]
    public void Subtract_DestinationIsValues_SameBitsAsSeparateDestination()
    {
        const double BaseValue = -0.125;
        var values = Matrix(1, 37, seed: 3);
        var separate = new double[values.Length];
        Aggregation.Subtract(values, BaseValue, separate);

        Aggregation.Subtract(values, BaseValue, values);

        Assert.Equal(Bits(separate), Bits(values));
    }

    [Fact]
    public void Subtract_HandValues_ProfitAndLossAgainstBase()
    {
        var destination = new double[4];

        Aggregation.Subtract([100.0, 97.5, 103.25, 100.0], 100.0, destination);

        Assert.Equal([0.0, -2.5, 3.25, 0.0], destination);
    }

    [Fact]
    public void Subtract_DestinationShorterThanValues_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => Aggregation.Subtract(new double[5], 1.0, new double[4]));

        Assert.Equal("destination", ex.ParamName);
    }

    // Values of both signs over twelve decades, so rounding in a sum depends on the order of its terms.
    private static double[] Matrix(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var matrix = new double[rows * columns];
        for (var i = 0; i < matrix.Length; i++)
        {
            matrix[i] = (random.NextDouble() - 0.5) * Math.Pow(10.0, random.Next(-6, 7));
        }

        return matrix;
    }

    private static double[] NaiveColumnSums(double[] matrix, int columns)
    {
        var rows = matrix.Length / columns;
        var sums = new double[columns];
        for (var c = 0; c < columns; c++)
        {
            var sum = 0.0;
            for (var r = 0; r < rows; r++)
            {
                sum += matrix[r * columns + c];
            }

            sums[c] = sum;
        }

        return sums;
    }

    private static long[] Bits(double[] values) => Array.ConvertAll(values, BitConverter.DoubleToInt64Bits);
}
