using System.Globalization;
using System.Numerics;
using VolunteerQuantum.Circuits.Gates;

namespace VolunteerQuantum.Circuits.Noise;

/// <summary>
/// The standard channels, with Qiskit Aer's parameter conventions (so a model written for Aer means
/// the same here). Unitary mixtures (depolarizing, Pauli, flips) come out as one term per Pauli;
/// damping channels as Kraus steps; thermal relaxation and reset error as Aer builds them.
/// </summary>
public static class Channels
{
    /// <summary>ρ → (1 − λ)ρ + λ·I/2ⁿ on n qubits (Aer's depolarizing_error(λ, n)); λ ∈ [0, 4ⁿ/(4ⁿ − 1)].</summary>
    public static QuantumError Depolarizing(double lambda, int qubits = 1)
    {
        if (qubits is < 1 or > 5)
        {
            throw new NoiseModelException($"depolarizing on {qubits} qubits: 1 to 5 supported");
        }
        var paulis = 1 << (2 * qubits);
        var max = paulis / (double)(paulis - 1);
        CheckRange("depolarizing", "probability", lambda, 0, max);
        var each = lambda / paulis;
        var terms = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var label in PauliLabels(qubits))
        {
            terms[label] = label.All(c => c == 'I') ? 1 - lambda + each : each;
        }
        return Pauli(terms, $"depolarizing({Format(lambda)})");
    }

    /// <summary>
    /// A Pauli channel: each Pauli string (Qiskit order: the rightmost letter acts on the error's qubit 0)
    /// with its probability; the identity takes what is left when it is not given.
    /// </summary>
    public static QuantumError Pauli(IReadOnlyDictionary<string, double> probabilities, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (probabilities.Count == 0)
        {
            throw new NoiseModelException("a Pauli channel needs at least one Pauli string");
        }
        var width = probabilities.Keys.First().Length;
        foreach (var (label, p) in probabilities)
        {
            if (label.Length != width || label.Length == 0 || label.Any(c => c is not ('I' or 'X' or 'Y' or 'Z')))
            {
                throw new NoiseModelException($"Pauli channel: '{label}' is not a Pauli string of {width} letter(s) from I, X, Y, Z");
            }
            CheckRange("Pauli channel", $"probability of {label}", p, 0, 1);
        }
        var identity = new string('I', width);
        var all = new Dictionary<string, double>(probabilities, StringComparer.Ordinal);
        if (!all.ContainsKey(identity))
        {
            all[identity] = 1 - probabilities.Values.Sum();
        }
        var qubits = Enumerable.Range(0, width).ToArray();
        var terms = all.Select(kv => new ErrorTerm(kv.Value, kv.Key.All(c => c == 'I') ? [] : [new UnitaryStep(PauliMatrix(kv.Key), qubits)])).ToArray();
        return new QuantumError(name ?? "pauli", width, terms);
    }

    /// <summary>X with probability p.</summary>
    public static QuantumError BitFlip(double p)
    {
        CheckRange("bit flip", "probability", p, 0, 1);
        return Pauli(new Dictionary<string, double> { ["X"] = p }, $"bit_flip({Format(p)})");
    }

    /// <summary>Z with probability p.</summary>
    public static QuantumError PhaseFlip(double p)
    {
        CheckRange("phase flip", "probability", p, 0, 1);
        return Pauli(new Dictionary<string, double> { ["Z"] = p }, $"phase_flip({Format(p)})");
    }

    /// <summary>Energy loss: |1⟩ decays to |0⟩ with probability γ (K₀ = [[1,0],[0,√(1−γ)]], K₁ = [[0,√γ],[0,0]]).</summary>
    public static QuantumError AmplitudeDamping(double gamma) => GeneralizedAmplitudeDamping(gamma, 0, $"amplitude_damping({Format(gamma)})");

    /// <summary>
    /// Relaxation with rate γ towards a thermal state with excited population p₁ (Aer's
    /// amplitude_damping_error(γ, p₁)): K₀ = √(1−p₁)[[1,0],[0,√(1−γ)]], K₁ = √(1−p₁)[[0,√γ],[0,0]],
    /// K₂ = √p₁[[√(1−γ),0],[0,1]], K₃ = √p₁[[0,0],[√γ,0]].
    /// </summary>
    public static QuantumError GeneralizedAmplitudeDamping(double gamma, double excitedPopulation, string? name = null)
    {
        CheckRange("amplitude damping", "gamma", gamma, 0, 1);
        CheckRange("amplitude damping", "excited-state population", excitedPopulation, 0, 1);
        var a = Math.Sqrt(1 - excitedPopulation);
        var b = Math.Sqrt(excitedPopulation);
        var keep = Math.Sqrt(1 - gamma);
        var decay = Math.Sqrt(gamma);
        var operators = new List<GateMatrix>
        {
            GateMatrix.OneQubit(a, 0, 0, a * keep),
            GateMatrix.OneQubit(0, a * decay, 0, 0),
            GateMatrix.OneQubit(b * keep, 0, 0, b),
            GateMatrix.OneQubit(0, 0, b * decay, 0),
        };
        return KrausError(name ?? $"generalized_amplitude_damping({Format(gamma)}, {Format(excitedPopulation)})", operators);
    }

    /// <summary>Loss of phase without loss of energy: K₀ = [[1,0],[0,√(1−λ)]], K₁ = [[0,0],[0,√λ]].</summary>
    public static QuantumError PhaseDamping(double lambda)
    {
        CheckRange("phase damping", "lambda", lambda, 0, 1);
        return KrausError($"phase_damping({Format(lambda)})",
        [
            GateMatrix.OneQubit(1, 0, 0, Math.Sqrt(1 - lambda)),
            GateMatrix.OneQubit(0, 0, 0, Math.Sqrt(lambda)),
        ]);
    }

    /// <summary>
    /// T1/T2 relaxation over a gate of duration <paramref name="time"/> (same units as T1, T2), towards a
    /// thermal state with excited population p₁ (Aer's thermal_relaxation_error). Needs T2 ≤ 2·T1. With
    /// T2 ≤ T1 it is Aer's mixture (identity, Z, reset to |0⟩, reset to |1⟩), mostly unitary terms; with
    /// T1 &lt; T2 ≤ 2·T1 it is generalized amplitude damping followed by the remaining phase damping.
    /// </summary>
    public static QuantumError ThermalRelaxation(double t1, double t2, double time, double excitedPopulation = 0)
    {
        if (!(t1 > 0) || !(t2 > 0) || !double.IsFinite(t2))
        {
            throw new NoiseModelException($"thermal relaxation: T1 ({t1}) and T2 ({t2}) must be positive (T1 may be infinite)");
        }
        if (t2 > 2 * t1)
        {
            throw new NoiseModelException($"thermal relaxation: T2 ({t2}) must be at most 2·T1 ({2 * t1})");
        }
        if (!(time >= 0) || !double.IsFinite(time))
        {
            throw new NoiseModelException($"thermal relaxation: gate time {time} must be a finite number ≥ 0");
        }
        CheckRange("thermal relaxation", "excited-state population", excitedPopulation, 0, 1);
        var name = $"thermal_relaxation(T1={Format(t1)}, T2={Format(t2)}, t={Format(time)})";
        var expT1 = double.IsPositiveInfinity(t1) ? 1 : Math.Exp(-time / t1);
        var expT2 = Math.Exp(-time / t2);
        var pReset = 1 - expT1;
        if (t2 <= t1)
        {
            var pZ = (1 - pReset) * (1 - (expT2 / expT1)) / 2;
            return new QuantumError(name, 1,
            [
                new ErrorTerm(1 - pZ - pReset, []),
                new ErrorTerm(pZ, [new UnitaryStep(StandardGates.Z, [0])]),
                new ErrorTerm(pReset * (1 - excitedPopulation), [new ResetStep(0)]),
                new ErrorTerm(pReset * excitedPopulation, [new ResetStep(0), new UnitaryStep(StandardGates.X, [0])]),
            ]);
        }
        // Amplitude damping leaves coherences at √(1−γ) = e^(−t/2T1); phase damping with λ takes the
        // rest down to e^(−t/T2): √(1−λ) = e^(−t/T2) / e^(−t/2T1).
        var remaining = expT2 / Math.Sqrt(expT1);
        var lambda = Math.Clamp(1 - (remaining * remaining), 0, 1);
        var damping = GeneralizedAmplitudeDamping(pReset, excitedPopulation).ToKraus().Operators;
        var dephasing = PhaseDamping(lambda).ToKraus().Operators;
        var product = damping.SelectMany(d => dephasing.Select(p => p.Multiply(d))).ToList();
        return KrausError(name, product);
    }

    /// <summary>Reset to |0⟩ with probability p₀, to |1⟩ with p₁, else nothing (Aer's reset_error).</summary>
    public static QuantumError ResetError(double p0, double p1 = 0)
    {
        CheckRange("reset error", "p0", p0, 0, 1);
        CheckRange("reset error", "p1", p1, 0, 1);
        if (p0 + p1 > 1 + QuantumError.ProbabilityTolerance)
        {
            throw new NoiseModelException($"reset error: p0 + p1 = {p0 + p1} is more than 1");
        }
        return new QuantumError($"reset_error({Format(p0)}, {Format(p1)})", 1,
        [
            new ErrorTerm(1 - p0 - p1, []),
            new ErrorTerm(p0, [new ResetStep(0)]),
            new ErrorTerm(p1, [new ResetStep(0), new UnitaryStep(StandardGates.X, [0])]),
        ]);
    }

    /// <summary>A general channel from its Kraus operators (checked: Σ K†K = I within 1e-10).</summary>
    public static QuantumError Kraus(IReadOnlyList<GateMatrix> operators, string name = "kraus") => KrausError(name, operators);

    /// <summary>The Pauli string's matrix; the rightmost letter acts on qubit 0 (Qiskit's order).</summary>
    public static GateMatrix PauliMatrix(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var n = label.Length;
        var dim = 1 << n;
        var e = new Complex[dim * dim];
        for (var col = 0; col < dim; col++)
        {
            var row = col;
            var phase = Complex.One;
            for (var q = 0; q < n; q++)
            {
                var bit = (col >> q) & 1;
                switch (label[n - 1 - q])
                {
                    case 'X':
                        row ^= 1 << q;
                        break;
                    case 'Y':
                        row ^= 1 << q;
                        phase *= bit == 0 ? Complex.ImaginaryOne : -Complex.ImaginaryOne;
                        break;
                    case 'Z':
                        phase *= bit == 0 ? 1 : -1;
                        break;
                    case 'I':
                        break;
                    default:
                        throw new NoiseModelException($"'{label}' is not a Pauli string");
                }
            }
            e[(row * dim) + col] = phase;
        }
        return new GateMatrix(n, e);
    }

    private static QuantumError KrausError(string name, IReadOnlyList<GateMatrix> operators)
    {
        var nonzero = operators.Where(k => !k.IsZero).ToList();
        return QuantumError.FromKraus(name, new KrausChannel(nonzero.Count > 0 ? nonzero : operators));
    }

    private static IEnumerable<string> PauliLabels(int qubits)
    {
        IEnumerable<string> labels = [""];
        for (var i = 0; i < qubits; i++)
        {
            labels = labels.SelectMany(l => "IXYZ".Select(c => l + c)).ToArray();
        }
        return labels;
    }

    private static void CheckRange(string channel, string what, double value, double min, double max)
    {
        if (!(value >= min - QuantumError.ProbabilityTolerance) || !(value <= max + QuantumError.ProbabilityTolerance))
        {
            throw new NoiseModelException($"{channel}: {what} {value.ToString(CultureInfo.InvariantCulture)} is outside [{Format(min)}, {Format(max)}]");
        }
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
