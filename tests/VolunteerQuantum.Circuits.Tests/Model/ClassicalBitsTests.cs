using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Tests.Model;

public sealed class ClassicalBitsTests
{
    [Fact]
    public void CountsKey_SeveralRegisters_LastDeclaredLeftmostEachMsbFirst()
    {
        var builder = new CircuitBuilder(1);
        builder.AddClassicalRegister("a", 2);
        builder.AddClassicalRegister("b", 1);
        builder.AddClassicalRegister("c", 3);
        var circuit = builder.Build();
        // a = 01 (a[0] = 1), b = 1, c = 100 (c[2] = 1)
        bool[] clbits = [true, false, true, false, false, true];

        Assert.Equal("100 1 01", ClassicalBits.CountsKey(circuit, clbits));
    }

    [Fact]
    public void CountsKey_NoClassicalRegisters_IsEmpty()
    {
        Assert.Equal("", ClassicalBits.CountsKey(new CircuitBuilder(2).Build(), []));
    }

    [Fact]
    public void CountsKey_WrongNumberOfBits_Throws()
    {
        Assert.Throws<ArgumentException>(() => ClassicalBits.CountsKey(new CircuitBuilder(1, 2).Build(), [true]));
    }

    [Theory]
    [InlineData(5UL, 4, "0101")]
    [InlineData(1UL, 3, "001")]
    [InlineData(0UL, 0, "")]
    [InlineData(ulong.MaxValue, 64, "1111111111111111111111111111111111111111111111111111111111111111")]
    public void FormatBasisIndex_QubitZeroRightmost(ulong index, int qubits, string expected)
    {
        Assert.Equal(expected, ClassicalBits.FormatBasisIndex(index, qubits));
    }

    [Fact]
    public void FormatBasisIndex_IndexTooLarge_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassicalBits.FormatBasisIndex(8, 3));
    }
}
