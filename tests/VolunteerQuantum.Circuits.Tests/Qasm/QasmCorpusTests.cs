using System.Numerics;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Qasm;
using VolunteerQuantum.Circuits.Tests.Support;

namespace VolunteerQuantum.Circuits.Tests.Qasm;

/// <summary>Every circuit of shared/circuits/qasm against its reference result.</summary>
public sealed class QasmCorpusTests
{
    private static readonly string[] Invalid = ["qiskit/exp.qasm", "qiskit/opaque_bloch.qasm", "qasmbench/vqe_uccsd_n4.qasm"];

    public static TheoryData<string> ValidFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in AllFiles().Where(f => !Invalid.Contains(f)))
        {
            data.Add(file);
        }
        return data;
    }

    [SharedFact]
    public void Corpus_Files_AreAllFound()
    {
        Assert.True(AllFiles().Count >= 48, $"found only {AllFiles().Count} circuits under {SharedFiles.Circuits}");
    }

    [SharedTheory]
    [MemberData(nameof(ValidFiles))]
    public void ParseFile_CorpusCircuit_RegistersMatchReference(string file)
    {
        var circuit = QasmParser.ParseFile(SharedFiles.Qasm(file));
        var reference = ReferenceResult.Load(ReferencePath(file));

        Assert.Equal(reference.NumQubits, circuit.QubitCount);
        Assert.Equal(reference.NumClbits, circuit.ClbitCount);
        Assert.Equal(reference.QuantumRegisters, circuit.QuantumRegisters.Select(r => (r.Name, r.Size)));
        Assert.Equal(reference.ClassicalRegisters, circuit.ClassicalRegisters.Select(r => (r.Name, r.Size)));
    }

    [SharedTheory]
    [MemberData(nameof(ValidFiles))]
    public void ParseFile_UnitaryCorpusCircuit_FinalStateEqualsReferenceIncludingPhase(string file)
    {
        var reference = ReferenceResult.Load(ReferencePath(file));
        var expected = reference.Kind == "unitary" && reference.NumQubits <= 16 ? reference.StateVector() : null;
        if (expected is null)
        {
            return;
        }
        var circuit = QasmParser.ParseFile(SharedFiles.Qasm(file));

        var actual = ReferenceSimulator.FinalState(circuit);

        var worst = expected.Zip(actual).Max(p => Complex.Abs(p.First - p.Second));
        Assert.True(worst < 1e-10, $"{file}: largest amplitude difference {worst:E2}");
    }

    [SharedTheory]
    [MemberData(nameof(ValidFiles))]
    public void ParseFile_DynamicCorpusCircuit_CountsDistributionEqualsReference(string file)
    {
        var reference = ReferenceResult.Load(ReferencePath(file));
        var expected = reference.CountsDistribution;
        if (reference.Kind != "dynamic" || expected is null || reference.NumQubits > 12)
        {
            return;
        }
        var circuit = QasmParser.ParseFile(SharedFiles.Qasm(file));

        var actual = ReferenceSimulator.CountsDistribution(circuit);

        foreach (var key in expected.Keys.Union(actual.Keys))
        {
            Assert.True(Math.Abs(expected.GetValueOrDefault(key) - actual.GetValueOrDefault(key)) < 1e-9,
                $"{file}: P({key}) = {actual.GetValueOrDefault(key)}, reference {expected.GetValueOrDefault(key)}");
        }
    }

    [SharedTheory]
    [InlineData("openqasm/qelib1.inc")]
    [InlineData("qiskit/qelib1.inc")]
    public void ParseFile_IncludeFileAsProgram_DefinesGatesOnly(string file)
    {
        var circuit = QasmParser.ParseFile(SharedFiles.Qasm(file));

        Assert.Empty(circuit.Operations);
        Assert.Equal(0, circuit.QubitCount);
    }

    [SharedFact]
    public void Parse_PaperQelib1IncludedFromDisk_ReplacesNothingBuiltIn()
    {
        // openqasm/ holds the paper's 23-gate qelib1.inc, which lacks cswap: a program beside it still
        // gets the built-in (Qiskit's extended) file.
        var circuit = QasmParser.Parse("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[3];\ncswap q[0], q[1], q[2];",
            new QasmParseOptions { FileName = SharedFiles.Qasm("openqasm/main.qasm") });

        Assert.Single(circuit.Operations);
    }

    [SharedTheory]
    [InlineData("qiskit/exp.qasm", "magic", 21)]
    [InlineData("qiskit/opaque_bloch.qasm", "bloch", 11)]
    public void ParseFile_OpaqueGateCalled_FailsNamingTheGate(string file, string gate, int line)
    {
        var e = Assert.Throws<QasmException>(() => QasmParser.ParseFile(SharedFiles.Qasm(file)));

        Assert.Equal($"opaque gate '{gate}' has no definition and cannot be simulated", e.Detail);
        Assert.Equal(line, e.Line);
        Assert.Equal(1, e.Column);
        Assert.EndsWith(file, e.File, StringComparison.Ordinal);
    }

    [SharedFact]
    public void ParseFile_VqeUccsdN4_FailsOnUndeclaredRegisterWithLineAndColumn()
    {
        var path = SharedFiles.Qasm("qasmbench/vqe_uccsd_n4.qasm");

        var e = Assert.Throws<QasmException>(() => QasmParser.ParseFile(path));

        Assert.Equal("undeclared register 'q'", e.Detail);
        Assert.Equal(225, e.Line);
        Assert.Equal(9, e.Column);
        Assert.Equal($"{path}:225:9: error: undeclared register 'q'", e.Message);
    }

    [SharedFact]
    public void ParseFile_SatN11WithoutHeader_ParsesWithWarning()
    {
        var circuit = QasmParser.ParseFile(SharedFiles.Qasm("qasmbench/sat_n11.qasm"));

        var warning = Assert.Single(circuit.Warnings);
        Assert.Contains("sat_n11.qasm:1:1: warning:", warning, StringComparison.Ordinal);
        Assert.Contains("OPENQASM", warning, StringComparison.Ordinal);
    }

    [SharedFact]
    public void ParseFile_Ipea3Pi8_ShadowsQelib1CuWithWarningNamingFileAndLine()
    {
        var circuit = QasmParser.ParseFile(SharedFiles.Qasm("openqasm/ipea_3_pi_8.qasm"));

        var warning = Assert.Single(circuit.Warnings);
        Assert.Contains("ipea_3_pi_8.qasm:14:6: warning: gate 'cu' shadows", warning, StringComparison.Ordinal);
        Assert.Contains("qelib1.inc", warning, StringComparison.Ordinal);
    }

    [SharedTheory]
    [InlineData("qasmbench/bb84_n8")]
    [InlineData("qasmbench/cat_state_n22")]
    public void CountsKey_MultipleCregs_ProducesReferenceKeys(string name)
    {
        var circuit = QasmParser.ParseFile(SharedFiles.Qasm(name + ".qasm"));
        var reference = ReferenceResult.Load(SharedFiles.Reference(name + ".json"));
        var keys = reference.CountsDistribution!.Keys.ToHashSet();

        // Each reference key, read back into clbits by register, formats to itself.
        foreach (var key in keys)
        {
            var clbits = new bool[circuit.ClbitCount];
            var parts = key.Split(' ');
            Assert.Equal(circuit.ClassicalRegisters.Count, parts.Length);
            for (var r = 0; r < circuit.ClassicalRegisters.Count; r++)
            {
                var register = circuit.ClassicalRegisters[r];
                var text = parts[circuit.ClassicalRegisters.Count - 1 - r];
                for (var i = 0; i < register.Size; i++)
                {
                    clbits[register.Offset + i] = text[register.Size - 1 - i] == '1';
                }
            }
            Assert.Equal(key, ClassicalBits.CountsKey(circuit, clbits));
        }
    }

    [SharedFact]
    public void CountsKey_Bb84FirstDeclaredRegisterSet_IsRightmost()
    {
        var circuit = QasmParser.ParseFile(SharedFiles.Qasm("qasmbench/bb84_n8.qasm"));
        var clbits = new bool[8];
        clbits[circuit.ClassicalRegisters[0].Offset] = true;

        Assert.Equal("m6", circuit.ClassicalRegisters[0].Name);
        Assert.Equal("0 0 0 0 0 0 0 1", ClassicalBits.CountsKey(circuit, clbits));
    }

    private static List<string> AllFiles() =>
        Directory.EnumerateFiles(Path.Combine(SharedFiles.Circuits, "qasm"), "*.qasm", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(SharedFiles.Circuits, "qasm"), f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string ReferencePath(string file) => SharedFiles.Reference(Path.ChangeExtension(file, ".json"));
}
