using VolunteerQuantum.Simulation.StateSpace;
using VolunteerQuantum.Simulation.Tests.Support;

namespace VolunteerQuantum.Simulation.Tests.StateSpace;

public sealed class StateVectorTests
{
    [Theory]
    [InlineData(Precision.Double)]
    [InlineData(Precision.Single)]
    public void Create_ZeroState_HasUnitAmplitudeAtZero(Precision precision)
    {
        using var state = StateVector.Create(3, precision);
        Assert.Equal(Complex.One, state.GetAmplitude(0));
        Assert.Equal(1.0, state.NormSquared());
        Assert.Equal(precision == Precision.Single ? 8 : 16, state.BytesPerAmplitude);
        Assert.Equal(16 * state.BytesPerAmplitude, state.SizeInBytes); // padded to one block
    }

    [Theory]
    [InlineData(Precision.Single, 17, 1)] // 1 MiB: below a huge page
    [InlineData(Precision.Single, 18, 3)] // 2 MiB: huge-page aligned, three threads zero it
    [InlineData(Precision.Double, 20, 4)]
    public void Create_AnySizeAndThreadCount_IsZeroBesideTheFirstAmplitude(Precision precision, int qubits, int threads)
    {
        // Fresh native memory is zeroed in slices by several threads: no slice may be skipped.
        using var state = (StateVector)(precision == Precision.Single
            ? new StateVector<float>(qubits, 0, 0, null, threads)
            : new StateVector<double>(qubits, 0, 0, null, threads));
        var amplitudes = new Complex[state.Length];
        state.CopyTo(0, amplitudes);
        Assert.Equal(Complex.One, amplitudes[0]);
        Assert.Equal(0, amplitudes.Skip(1).Count(a => a != Complex.Zero));
    }

    [Fact]
    public void Budget_RefusalStatesItsFigureOnce_AndTheTotalOnlyWhenOthersHoldMemory()
    {
        var budget = new MemoryBudget(StateVector.BytesNeeded(10, Precision.Double) + 100);
        var alone = Assert.Throws<StateTooLargeException>(() => StateVector.Create(11, Precision.Double, budget));
        Assert.Equal(1, CountOf(alone.Message, "32,768 bytes"));
        Assert.DoesNotContain("in all", alone.Message, StringComparison.Ordinal);
        using var first = StateVector.Create(10, Precision.Double, budget);
        var together = Assert.Throws<StateTooLargeException>(() => StateVector.Create(10, Precision.Double, budget));
        Assert.Contains("32,768 bytes in all", together.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(41)]
    [InlineData(60)]
    public void Create_BeyondFortyQubits_RefusedAsTooLarge(int qubits)
    {
        var e = Assert.Throws<StateTooLargeException>(() => StateVector.Create(qubits, Precision.Single));
        Assert.Contains($"a {qubits}-qubit state vector has 2^{qubits} amplitudes", e.Message, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    [Fact]
    public void CreateShard_OtherThanFirst_IsAllZero()
    {
        using var shard = StateVector.CreateShard(4, 2, 3);
        Assert.Equal(0.0, shard.NormSquared());
        Assert.Equal(3L << 4, shard.GlobalIndexBase);
        shard.InitializeBasisState((3L << 4) + 5);
        Assert.Equal(Complex.One, shard.GetAmplitude(5));
    }

    [Fact]
    public void Budget_RefusesOverLimitAndReleasesOnDispose()
    {
        var budget = new MemoryBudget(StateVector.BytesNeeded(10, Precision.Double) + 100);
        var first = StateVector.Create(10, Precision.Double, budget);
        var ex = Assert.Throws<StateTooLargeException>(() => StateVector.Create(10, Precision.Double, budget));
        Assert.Equal(2 * StateVector.BytesNeeded(10, Precision.Double), ex.BytesNeeded);
        first.Dispose();
        Assert.Equal(0, budget.ReservedBytes);
        using var second = StateVector.Create(10, Precision.Double, budget);
        Assert.Throws<ObjectDisposedException>(() => first.GetAmplitude(0));
    }

    [Fact]
    public void DefaultLimit_IsEightyPercentOfAvailable()
    {
        Assert.Equal((long)(0.8 * GC.GetGCMemoryInfo().TotalAvailableMemoryBytes), MemoryBudget.DefaultLimitBytes);
        Assert.Equal(MemoryBudget.DefaultLimitBytes, new MemoryBudget().LimitBytes);
    }

    [Theory]
    [InlineData(Precision.Double)]
    [InlineData(Precision.Single)]
    public void InterleavedBytes_RoundTrip_AndCloneIsIndependent(Precision precision)
    {
        var amplitudes = TestData.RandomState(6, new Random(8));
        using var state = StateVector.Create(6, precision);
        state.CopyFrom(0, amplitudes);
        var bytes = new byte[40 * state.BytesPerAmplitude];
        state.CopyToInterleavedBytes(10, bytes);
        using var other = StateVector.Create(6, precision);
        other.CopyFromInterleavedBytes(10, bytes);
        Assert.Equal(state.GetAmplitude(33), other.GetAmplitude(33));
        using var clone = state.Clone();
        clone.SetAmplitude(0, Complex.Zero);
        Assert.NotEqual(Complex.Zero, state.GetAmplitude(0));
        var p = new double[64];
        state.GetProbabilities(0, p);
        Assert.Equal(1.0, p.Sum(), precision == Precision.Double ? 1e-14 : 1e-6);
    }

    [Fact]
    public void GetAmplitude_OutOfRange_Throws()
    {
        using var state = StateVector.Create(2);
        Assert.Throws<ArgumentOutOfRangeException>(() => state.GetAmplitude(4));
    }
}
