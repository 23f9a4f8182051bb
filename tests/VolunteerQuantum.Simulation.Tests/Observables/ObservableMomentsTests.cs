using VolunteerQuantum.Simulation.Observables;

namespace VolunteerQuantum.Simulation.Tests.Observables;

public sealed class ObservableMomentsTests
{
    [Theory]
    [InlineData(0.1, 4000)]
    [InlineData(-0.7071067811865476, 3)]
    [InlineData(1e6 / 3, 100_000)]
    public void StandardError_ConstantObservable_IsExactlyZero(double value, int count)
    {
        // Summed one value at a time, as the trajectory executor does; then pooled from two ranges, as the grid does.
        var (a, b) = (default(ObservableMoments), default(ObservableMoments));
        for (var i = 0; i < count; i++)
        {
            if (i < count / 3)
            {
                a += new ObservableMoments(1, value, value * value);
            }
            else
            {
                b += new ObservableMoments(1, value, value * value);
            }
        }
        Assert.Equal(0.0, (a + b).StandardError);
        Assert.True(Math.Abs((a + b).Mean - value) <= 1e-12 * Math.Abs(value));
    }

    [Fact]
    public void StandardError_KnownSample_IsTheTextbookValue()
    {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, Σ(x − 5)² = 32, sample variance 32/7, standard error √(32/7/8) = √(4/7).
        var moments = new[] { 2.0, 4, 4, 4, 5, 5, 7, 9 }.Aggregate(default(ObservableMoments), (m, x) => m + new ObservableMoments(1, x, x * x));
        Assert.True(Math.Abs(moments.StandardError - Math.Sqrt(4.0 / 7)) < 1e-12, $"{moments.StandardError:R}");
    }

    [Fact]
    public void StandardError_SmallSpreadAroundALargeMean_IsKept()
    {
        // 1000 values 1 ± 1e-4 (alternating): variance 1e-8·1000/999, far above the round-off of the sums (~3e-13 relative).
        var moments = Enumerable.Range(0, 1000).Select(i => 1 + (i % 2 == 0 ? 1e-4 : -1e-4))
            .Aggregate(default(ObservableMoments), (m, x) => m + new ObservableMoments(1, x, x * x));
        var expected = Math.Sqrt(1e-8 * 1000 / 999 / 1000);
        Assert.True(Math.Abs(moments.StandardError - expected) < 1e-4 * expected, $"{moments.StandardError:R} vs {expected:R}");
    }

    [Fact]
    public void StandardError_OneValue_IsZero() =>
        Assert.Equal(0.0, ObservableMoments.Exact(0.3).StandardError);
}
