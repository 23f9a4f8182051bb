using System.Text;
using VolunteerQuantum.Circuits.Qasm;
using VolunteerQuantum.Circuits.Tests.Support;

namespace VolunteerQuantum.Circuits.Tests.Qasm;

/// <summary>
/// Truncated, garbled and spliced inputs: every one must either parse or throw QasmException —
/// never another exception type, never a hang.
/// </summary>
public sealed class QasmFuzzTests
{
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("VQ_FUZZ_ITERATIONS"), out var n) ? n : 150;

    private static readonly string[] Fragments =
    [
        ";", ",", "(", ")", "[", "]", "{", "}", "->", "==", "!=", "@", "**", "^", "-", "/", "*", "\"", "/*", "//", "\n",
        "qreg", "creg", "qubit", "bit", "gate", "opaque", "measure", "reset", "barrier", "if", "else", "include",
        "U", "CX", "gphase", "ctrl", "negctrl", "inv", "pow", "ctrl(2) @", "pow(0.5) @", "inv @", "input float x;",
        "q", "q[0]", "q[99]", "c", "0", "1", "-1", "1e400", ".", "1.5", "99999999999999999999", "pi", "π", "sin(", "$0",
        "h q;", "cx q[0], q[1];", "OPENQASM 3;", "OPENQASM 2.0;", "include \"qelib1.inc\";", "include \"stdgates.inc\";",
        "include \"x.inc\";", "\0", "\u00e9", "\ud800", "#",
    ];

    private static readonly string[] Oq3Samples =
    [
        "OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninput float t;\nqubit[3] q;\nbit[3] c;\ngate g(a) x, y { ctrl @ rx(a) x, y; gphase(a); }\n"
            + "pow(0.5) @ z q[0];\ninv @ g(t) q[0], q[1];\nnegctrl(2) @ x q[0], q[1], q[2];\nc = measure q;\n"
            + "if (c == 3) { x q[0]; } else { h q[1]; }\nif (c[0]) y q;\nbarrier;\nreset q;\nbit d = measure q[2];\n",
    ];

    public static TheoryData<string> Seeds()
    {
        var data = new TheoryData<string>();
        // Without the shared corpus only the built-in sample seeds the fuzzer.
        foreach (var file in !SharedFiles.Available ? Enumerable.Empty<string>() : Directory.EnumerateFiles(Path.Combine(SharedFiles.Circuits, "qasm"), "*.qasm", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(SharedFiles.Circuits, file));
        }
        data.Add("oq3-sample");
        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Parse_MutatedInput_ParsesOrThrowsQasmException(string seed)
    {
        var text = seed == "oq3-sample" ? Oq3Samples[0] : File.ReadAllText(Path.Combine(SharedFiles.Circuits, seed));
        // A stable seed per file (string.GetHashCode differs between processes).
        var random = new Random(seed.Aggregate(17, (h, c) => unchecked((h * 31) + c)));
        for (var i = 0; i < Iterations; i++)
        {
            var mutated = Mutate(text, random);
            AssertParsesOrQasmException(mutated);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Parse_EveryTruncation_ParsesOrThrowsQasmException(string seed)
    {
        var text = seed == "oq3-sample" ? Oq3Samples[0] : File.ReadAllText(Path.Combine(SharedFiles.Circuits, seed));
        var step = Math.Max(1, text.Length / 200);
        for (var length = 0; length < text.Length; length += step)
        {
            AssertParsesOrQasmException(text[..length]);
        }
    }

    [Fact]
    public void Parse_RandomTokenSoup_ParsesOrThrowsQasmException()
    {
        var random = new Random(2024);
        for (var i = 0; i < Iterations * 20; i++)
        {
            var builder = new StringBuilder(i % 2 == 0 ? "OPENQASM 3;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\n" : "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncreg c[2];\n");
            var count = random.Next(1, 25);
            for (var t = 0; t < count; t++)
            {
                builder.Append(Fragments[random.Next(Fragments.Length)]).Append(random.Next(3) == 0 ? "" : " ");
            }
            AssertParsesOrQasmException(builder.ToString());
        }
    }

    private static string Mutate(string text, Random random)
    {
        var builder = new StringBuilder(text);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && builder.Length > 0; e++)
        {
            var at = random.Next(builder.Length);
            switch (random.Next(6))
            {
                case 0:
                    builder.Remove(at, Math.Min(random.Next(1, 20), builder.Length - at));
                    break;
                case 1:
                    builder.Insert(at, Fragments[random.Next(Fragments.Length)]);
                    break;
                case 2:
                    builder[at] = (char)random.Next(32, 127);
                    break;
                case 3:
                    var from = random.Next(builder.Length);
                    var length = Math.Min(random.Next(1, 60), builder.Length - from);
                    builder.Insert(at, builder.ToString(from, length));
                    break;
                case 4:
                    builder.Length = at;
                    break;
                default:
                    builder.Insert(at, random.Next(10).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }
        return builder.ToString();
    }

    private static void AssertParsesOrQasmException(string source)
    {
        var options = new QasmParseOptions
        {
            FileReader = path => throw new FileNotFoundException($"no file {path}"),
            MaxOperations = 200_000,
            Parameters = source.Contains("input", StringComparison.Ordinal) ? new Dictionary<string, double> { ["t"] = 0.25, ["x"] = 0.5 } : null,
        };
        try
        {
            QasmParser.Parse(source, options);
        }
        catch (QasmException e)
        {
            Assert.Matches(@"^.+:\d+:\d+: error: .+", e.Message);
            Assert.True(e.Line >= 1 && e.Column >= 1);
        }
        catch (Exception e)
        {
            Assert.Fail($"{e.GetType().Name}: {e.Message}\n--- input ---\n{source}\n{e.StackTrace}");
        }
    }
}
