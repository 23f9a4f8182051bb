using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Simulation.Tests.Support;

/// <summary>Small hand-built circuits with known outcome distributions.</summary>
internal static class TestCircuits
{
    /// <summary>
    /// Teleports RY(θ)|0⟩ from q0 to q2: Bell pair on q1,q2; Bell measurement of q0,q1 into c0,c1;
    /// if(c1) X q2; if(c0) Z q2; measure q2 → c2. P(c2 = 1) = sin²(θ/2), c0 and c1 uniform.
    /// </summary>
    public static Circuit Teleport(double theta)
    {
        var b = new CircuitBuilder(3);
        b.AddClassicalRegister("m0", 1);
        b.AddClassicalRegister("m1", 1);
        b.AddClassicalRegister("out", 1);
        b.Gate("ry", TestData.Ry(theta), 0);
        b.Gate("h", TestData.H, 1);
        b.Controlled("cx", TestData.X, [1], 2);
        b.Controlled("cx", TestData.X, [0], 1);
        b.Gate("h", TestData.H, 0);
        b.Measure(0, 0);
        b.Measure(1, 1);
        b.Add(new ConditionalOperation(new ClassicalCondition([1], 1), [new GateOperation("x", TestData.X, [2])], []));
        b.Add(new ConditionalOperation(new ClassicalCondition([0], 1), [new GateOperation("z", TestData.Z, [2])], []));
        b.Measure(2, 2);
        return b.Build();
    }

    /// <summary>H; measure → c0; reset; measure → c1: c1 is always 0, c0 uniform.</summary>
    public static Circuit MeasureResetMeasure()
    {
        var b = new CircuitBuilder(1, 2);
        b.Gate("h", TestData.H, 0);
        b.Measure(0, 0);
        b.Reset(0);
        b.Measure(0, 1);
        return b.Build();
    }

    /// <summary>
    /// RY(θ) q0; measure q0 → c0; if (c == 1) X q1 (c is the 1-bit register c0); RY(φ) q0; measure q0 → c1; measure q1 → c2.
    /// c2 always equals c0; P(c0=1) = sin²(θ/2); given c0, P(c1=1) = sin²((φ + c0·π... see test)).
    /// </summary>
    public static Circuit MeasureIfRotate(double theta, double phi)
    {
        var b = new CircuitBuilder(2);
        b.AddClassicalRegister("c", 1);
        b.AddClassicalRegister("d", 2);
        b.Gate("ry", TestData.Ry(theta), 0);
        b.Measure(0, 0);
        b.Add(new ConditionalOperation(new ClassicalCondition([0], 1), [new GateOperation("x", TestData.X, [1])], []));
        b.Gate("ry", TestData.Ry(phi), 0);
        b.Measure(0, 1);
        b.Measure(1, 2);
        return b.Build();
    }

    public static Circuit Bell()
    {
        var b = new CircuitBuilder(2, 2);
        b.Gate("h", TestData.H, 0);
        b.Controlled("cx", TestData.X, [0], 1);
        return b.Build();
    }
}
