using System.Numerics;
using System.Runtime.InteropServices;
using VolunteerQuantum.Grid.Sketches;

namespace VolunteerQuantum.Grid.Tests;

public sealed class SketchTests
{
    private static readonly ulong[] Seeds = [11, 22, 33, 44];

    private static Complex[] RandomState(int n, int seed)
    {
        var random = new Random(seed);
        var state = new Complex[n];
        for (var i = 0; i < n; i++)
        {
            state[i] = new Complex(random.NextDouble() - 0.5, random.NextDouble() - 0.5);
        }
        var norm = Math.Sqrt(state.Sum(a => a.Magnitude * a.Magnitude));
        return state.Select(a => a / norm).ToArray();
    }

    private static byte[] Bytes(Complex[] state) => MemoryMarshal.AsBytes(state.AsSpan()).ToArray();

    [Fact]
    public void Sketch_EqualsTheDefinition_SumOfSignedAmplitudes()
    {
        var state = RandomState(1000, 1);
        var (sketches, norm) = StateSketcher.Sketch([Bytes(state)], singlePrecision: false, Seeds);
        for (var s = 0; s < Seeds.Length; s++)
        {
            var expected = Complex.Zero;
            for (var i = 0; i < state.Length; i++)
            {
                expected += RandomSignSketch.Sign(Seeds[s], (ulong)i) * state[i];
            }
            Assert.True(Complex.Abs(expected - sketches[s]) < 1e-14);
        }
        Assert.Equal(1.0, norm, 14);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(100)]
    [InlineData(4096)]
    public void Sketch_SameBytesInPiecesOfAnySize_SameResultToTheBit(int pieceBytes)
    {
        var bytes = Bytes(RandomState(777, 2));
        var whole = StateSketcher.Sketch([bytes], false, Seeds);
        var sketcher = new StateSketcher(false, Seeds);
        for (var offset = 0; offset < bytes.Length; offset += pieceBytes)
        {
            sketcher.Add(bytes.AsSpan(offset, Math.Min(pieceBytes, bytes.Length - offset)));
        }
        var pieces = sketcher.Result();
        Assert.Equal(whole.Sketches, pieces.Sketches);
        Assert.Equal(whole.NormSquared, pieces.NormSquared);
    }

    [Fact]
    public void Sketch_BytesEndingInsideAnAmplitude_Refused()
    {
        var sketcher = new StateSketcher(false, Seeds);
        sketcher.Add(new byte[24]);
        Assert.Throws<InvalidDataException>(() => sketcher.Result());
    }

    [Fact]
    public void Sketch_OneAmplitudeChangedByDelta_EverySketchMovesByDelta()
    {
        var state = RandomState(5000, 3);
        var before = StateSketcher.Sketch([Bytes(state)], false, Seeds).Sketches;
        var delta = new Complex(1e-6, -2e-6);
        state[1234] += delta;
        var after = StateSketcher.Sketch([Bytes(state)], false, Seeds).Sketches;
        for (var s = 0; s < Seeds.Length; s++)
        {
            Assert.Equal(delta.Magnitude, (after[s] - before[s]).Magnitude, 12);
        }
    }

    [Fact]
    public void Signs_AreBalancedAndIndependentOfTheSeed()
    {
        const int n = 1 << 16;
        var plus = 0;
        var agree = 0;
        for (var i = 0; i < n; i++)
        {
            var a = RandomSignSketch.Sign(7, (ulong)i);
            plus += a > 0 ? 1 : 0;
            agree += a == RandomSignSketch.Sign(8, (ulong)i) ? 1 : 0;
        }
        // Binomial(65536, 1/2): σ = 128; 6σ.
        Assert.InRange(plus, (n / 2) - 768, (n / 2) + 768);
        Assert.InRange(agree, (n / 2) - 768, (n / 2) + 768);
    }

    [Fact]
    public void Sketch_SinglePrecisionState_SummedInDouble()
    {
        var state = RandomState(300, 4);
        var floats = state.SelectMany(a => new[] { (float)a.Real, (float)a.Imaginary }).ToArray();
        var (sketches, norm) = StateSketcher.Sketch([MemoryMarshal.AsBytes(floats.AsSpan()).ToArray()], singlePrecision: true, Seeds);
        var expected = Enumerable.Range(0, 300).Aggregate(Complex.Zero, (acc, i) => acc + (RandomSignSketch.Sign(Seeds[0], (ulong)i) * new Complex(floats[2 * i], floats[(2 * i) + 1])));
        Assert.True(Complex.Abs(expected - sketches[0]) < 1e-14);
        Assert.Equal(1.0, norm, 6);
    }

    [Fact]
    public void NeumaierSum_ManySmallTermsAfterALargeOne_KeepsThem()
    {
        var sum = new NeumaierSum();
        sum.Add(1e16);
        for (var i = 0; i < 10_000; i++)
        {
            sum.Add(1.0);
        }
        sum.Add(-1e16);
        Assert.Equal(10_000, sum.Value);
    }
}
