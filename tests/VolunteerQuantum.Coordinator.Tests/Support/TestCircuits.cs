namespace VolunteerQuantum.Coordinator.Tests.Support;

/// <summary>Small circuits for coordinator tests (the coordinator parses them; it never simulates).</summary>
public static class TestCircuits
{
    public const string Bell = """
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg q[2];
        creg c[2];
        h q[0];
        cx q[0],q[1];
        measure q -> c;
        """;

    public const string Plus = """
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg q[1];
        h q[0];
        """;
}
