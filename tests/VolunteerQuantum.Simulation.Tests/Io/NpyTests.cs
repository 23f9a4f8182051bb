using System.Text;
using VolunteerQuantum.Simulation.Io;
using VolunteerQuantum.Simulation.StateSpace;
using VolunteerQuantum.Simulation.Tests.Support;

namespace VolunteerQuantum.Simulation.Tests.Io;

public sealed class NpyTests
{
    [Fact]
    public void Header_SixteenAmplitudes_Is118BytesWithDataAt128()
    {
        var header = NpyFormat.BuildHeader(Precision.Double, 16);
        Assert.Equal(128, header.Length);
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 118, 0 }, header[..10]);
        var text = Encoding.ASCII.GetString(header, 10, 118);
        Assert.StartsWith("{'descr': '<c16', 'fortran_order': False, 'shape': (16,), }", text, StringComparison.Ordinal);
        Assert.EndsWith(" \n", text, StringComparison.Ordinal);
        Assert.Equal("<c8", NpyFormat.Descriptor(Precision.Single));
    }

    [Theory]
    [InlineData(Precision.Double, 5)]
    [InlineData(Precision.Single, 5)]
    [InlineData(Precision.Double, 15)]
    [InlineData(Precision.Single, 2)]
    public void WriteRead_RoundTrip_ExactBits(Precision precision, int qubits)
    {
        var amplitudes = TestData.RandomState(qubits, new Random(qubits));
        using var state = StateVector.Create(qubits, precision);
        state.CopyFrom(0, amplitudes);
        using var stream = new MemoryStream();
        NpyWriter.Write(state, stream);
        Assert.Equal(0, (stream.Length - (state.Length * state.BytesPerAmplitude)) % 64);
        stream.Position = 0;
        using var back = NpyReader.Read(stream);
        Assert.Equal(precision, back.Precision);
        Assert.Equal(qubits, back.LocalQubits);
        for (long i = 0; i < state.Length; i++)
        {
            Assert.Equal(state.GetAmplitude(i), back.GetAmplitude(i));
        }
    }

    [Fact]
    public void Write_DataSection_IsInterleavedLittleEndian()
    {
        using var state = StateVector.Create(1, Precision.Double);
        state.SetAmplitude(0, new Complex(0.25, -0.5));
        state.SetAmplitude(1, new Complex(1.5, 2));
        using var stream = new MemoryStream();
        NpyWriter.Write(state, stream);
        var data = stream.ToArray()[^32..];
        var values = Enumerable.Range(0, 4).Select(i => BitConverter.ToDouble(data, 8 * i)).ToArray();
        Assert.Equal(new[] { 0.25, -0.5, 1.5, 2 }, values);
    }

    [Fact]
    public void Read_WrongDtype_ThrowsNamingIt()
    {
        var header = Encoding.ASCII.GetBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }".PadRight(117) + "\n");
        var bytes = new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)header.Length, 0 }.Concat(header).ToArray();
        var ex = Assert.Throws<InvalidDataException>(() => NpyReader.Read(new MemoryStream(bytes)));
        Assert.Contains("<f8", ex.Message, StringComparison.Ordinal);
    }
}
