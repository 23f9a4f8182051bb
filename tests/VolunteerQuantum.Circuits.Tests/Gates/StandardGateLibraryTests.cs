using System.Numerics;
using VolunteerQuantum.Circuits.Gates;
using VolunteerQuantum.Circuits.Qasm;
using VolunteerQuantum.Circuits.Tests.Support;

namespace VolunteerQuantum.Circuits.Tests.Gates;

/// <summary>
/// Every built-in gate's closed-form matrix against its body in the include file, multiplied out by
/// an independent composer down to U, CX and gphase — global phase included, to 1e-12.
/// </summary>
public sealed class StandardGateLibraryTests
{
    private const double Tolerance = 1e-12;

    private static readonly double[][] ParameterSets =
    [
        [0.3, 0.7, 1.1, 0.5],
        [-1.7, 2.9, -0.4, 3.3],
        [Math.PI / 2, -Math.PI / 4, Math.PI, -Math.PI / 3],
        [0, 0, 0, 0],
        [2 * Math.PI + 0.1, 5.5, -6.1, 1e-3],
    ];

    public static TheoryData<string, string, int> Cases()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var library in new[] { "qelib1.inc", "stdgates.inc" })
        {
            var composer = Composer(library);
            foreach (var name in composer.GateNames)
            {
                var sets = composer.ParameterCount(name) == 0 ? 1 : ParameterSets.Length;
                for (var s = 0; s < sets; s++)
                {
                    data.Add(library, name, s);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Create_EveryGate_EqualsComposedBodyIncludingGlobalPhase(string library, string name, int parameterSet)
    {
        var composer = Composer(library);
        var parameters = ParameterSets[parameterSet].Take(composer.ParameterCount(name)).ToArray();
        var expected = composer.Compose(name, parameters);

        var gate = Definition(library, name).Create(parameters);
        var actual = Full(gate);

        Assert.True(Dense.MaxDifference(expected, actual) < Tolerance,
            $"{library} {name}({string.Join(", ", parameters)}) differs by {Dense.MaxDifference(expected, actual):E2}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Create_EveryGate_IsUnitaryAndOnlyDiagonalWhenItsBodyIs(string library, string name, int parameterSet)
    {
        var composer = Composer(library);
        var parameters = ParameterSets[parameterSet].Take(composer.ParameterCount(name)).ToArray();
        var gate = Definition(library, name).Create(parameters);

        Assert.True(gate.Matrix.UnitarityError() < Tolerance);
        if (gate.Matrix.IsDiagonal)
        {
            Assert.True(IsDiagonal(composer.Compose(name, parameters)), $"{name} claims to be diagonal");
        }
    }

    [Theory]
    [InlineData("qelib1.inc", 42)]
    [InlineData("stdgates.inc", 32)]
    public void Library_GateSet_MatchesIncludeFileExactly(string library, int count)
    {
        var composer = Composer(library);
        var gates = StandardGateLibrary.ForInclude(library)!.Gates;

        Assert.Equal(count, composer.GateNames.Count);
        Assert.Equal(composer.GateNames.Order(StringComparer.Ordinal), gates.Select(g => g.Name).Order(StringComparer.Ordinal));
        foreach (var g in gates)
        {
            Assert.Equal(composer.ParameterCount(g.Name), g.ParameterCount);
            Assert.Equal(composer.QubitCount(g.Name), g.QubitCount);
        }
    }

    [Theory]
    [InlineData("qelib1.inc", "u1 p rz z s sdg t tdg id u0 cz cu1 cp crz rzz")]
    [InlineData("stdgates.inc", "p phase u1 rz z s sdg t tdg id cz cp cphase crz")]
    public void Create_DiagonalGates_HaveDiagonalMatrices(string library, string names)
    {
        foreach (var name in names.Split(' '))
        {
            var definition = Definition(library, name);
            var gate = definition.Create(ParameterSets[0].Take(definition.ParameterCount).ToArray());
            Assert.True(gate.Matrix.IsDiagonal, $"{library} {name} should be diagonal");
        }
    }

    [Theory]
    [InlineData("qelib1.inc", "cx", 1)]
    [InlineData("qelib1.inc", "ccx", 2)]
    [InlineData("qelib1.inc", "c3x", 3)]
    [InlineData("qelib1.inc", "c4x", 4)]
    [InlineData("qelib1.inc", "cu1", 1)]
    [InlineData("qelib1.inc", "cswap", 1)]
    [InlineData("qelib1.inc", "ch", 0)]
    [InlineData("qelib1.inc", "rccx", 0)]
    [InlineData("stdgates.inc", "ch", 1)]
    [InlineData("stdgates.inc", "ccx", 2)]
    public void Create_ControlledGates_UseControlsOnlyWhereExact(string library, string name, int controls)
    {
        var definition = Definition(library, name);
        var gate = definition.Create(ParameterSets[0].Take(definition.ParameterCount).ToArray());

        Assert.Equal(controls, gate.ControlCount);
        Assert.Equal(definition.QubitCount - controls, gate.Matrix.QubitCount);
    }

    [SharedFact]
    public void Qelib1_EmbeddedFile_IsQiskitsExtendedFile()
    {
        var embedded = BuiltInIncludes.Text("qelib1.inc");
        var shared = File.ReadAllText(SharedFiles.Qasm("qiskit/qelib1.inc"));

        Assert.EndsWith(shared, embedded, StringComparison.Ordinal);
    }

    [Fact]
    public void U_OpenQasm3Specification_IsGlobalPhaseTimesOpenQasm2U()
    {
        const double theta = 0.9, phi = -0.4, lambda = 2.2;
        var oq2 = IncludeComposer.USpec2(theta, phi, lambda);
        var oq3 = IncludeComposer.USpec3(theta, phi, lambda);

        Assert.True(Dense.MaxDifference(Dense.Scale(oq2, Complex.FromPolarCoordinates(1, theta / 2)), oq3) < Tolerance);
    }

    private static IncludeComposer Composer(string library) =>
        new(BuiltInIncludes.Text(library), openQasm3: library == "stdgates.inc");

    private static StandardGateDefinition Definition(string library, string name)
    {
        Assert.True(StandardGateLibrary.ForInclude(library)!.TryGet(name, out var definition), $"{library} lacks {name}");
        return definition;
    }

    /// <summary>The gate on its own qubits 0..k−1: controls first (low bits), then the matrix's targets.</summary>
    private static Complex[,] Full(StandardGate gate)
    {
        var m = CircuitUnitary.ToDense(gate.Matrix);
        for (var c = 0; c < gate.ControlCount; c++)
        {
            m = Dense.Controlled(m, onOne: true);
        }
        return m;
    }

    private static bool IsDiagonal(Complex[,] m)
    {
        for (var i = 0; i < m.GetLength(0); i++)
        {
            for (var j = 0; j < m.GetLength(1); j++)
            {
                if (i != j && Complex.Abs(m[i, j]) > Tolerance)
                {
                    return false;
                }
            }
        }
        return true;
    }
}
