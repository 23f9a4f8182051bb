using VolunteerQuantum.Circuits.Qasm;

namespace VolunteerQuantum.Circuits.Tests.Qasm;

/// <summary>Includes: relative to the including file, through the injectable reader, cycles detected.</summary>
public sealed class QasmIncludeTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "vq-virtual");

    [Fact]
    public void Parse_NestedRelativeIncludes_ResolveAgainstEachIncludingFile()
    {
        var files = new Dictionary<string, string>
        {
            [Path.Combine(Root, "lib", "gates.inc")] = "include \"more/extra.inc\";\ngate twice a { once a; once a; }",
            [Path.Combine(Root, "lib", "more", "extra.inc")] = "gate once a { h a; }",
        };
        var options = Options(files, Path.Combine(Root, "main.qasm"));

        var circuit = QasmParser.Parse("OPENQASM 2.0;\ninclude \"qelib1.inc\";\ninclude \"lib/gates.inc\";\nqreg q[1];\ntwice q[0];", options);

        Assert.Equal(2, circuit.Operations.Count);
    }

    [Fact]
    public void ParseFile_RealDirectory_ReadsIncludeBesideTheFile()
    {
        var dir = Directory.CreateTempSubdirectory("vq-include-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "mine.inc"), "gate flip a { U(pi, 0, pi) a; }\n");
            var main = Path.Combine(dir.FullName, "main.qasm");
            File.WriteAllText(main, "OPENQASM 2.0;\ninclude \"mine.inc\";\nqreg q[2];\nflip q;\n");

            var circuit = QasmParser.ParseFile(main);

            Assert.Equal(2, circuit.Operations.Count);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Parse_IncludeCycle_FailsNamingTheChain()
    {
        var files = new Dictionary<string, string>
        {
            [Path.Combine(Root, "a.inc")] = "include \"b.inc\";",
            [Path.Combine(Root, "b.inc")] = "// b\ninclude \"a.inc\";",
        };

        var e = Assert.Throws<QasmException>(() => QasmParser.Parse("OPENQASM 2.0;\ninclude \"a.inc\";", Options(files, Path.Combine(Root, "main.qasm"))));

        Assert.Equal("include cycle: a.inc -> b.inc -> a.inc", e.Detail);
        Assert.Equal((Path.Combine(Root, "b.inc"), 2, 1), (e.File, e.Line, e.Column));
    }

    [Fact]
    public void Parse_FileIncludingItself_IsACycle()
    {
        var main = Path.Combine(Root, "self.qasm");
        var files = new Dictionary<string, string> { [main] = "OPENQASM 2.0;\ninclude \"self.qasm\";" };

        var e = Assert.Throws<QasmException>(() => QasmParser.ParseFile(main, Options(files, null)));

        Assert.Equal("include cycle: self.qasm -> self.qasm", e.Detail);
    }

    [Fact]
    public void Parse_MissingInclude_FailsAtTheIncludeStatement()
    {
        var e = Assert.Throws<QasmException>(() => QasmParser.Parse("OPENQASM 2.0;\n  include \"nope.inc\";", Options([], Path.Combine(Root, "m.qasm"))));

        Assert.StartsWith("cannot read include file 'nope.inc': ", e.Detail, StringComparison.Ordinal);
        Assert.Equal((2, 3), (e.Line, e.Column));
    }

    [Fact]
    public void Parse_ErrorInsideInclude_NamesTheIncludedFile()
    {
        var files = new Dictionary<string, string> { [Path.Combine(Root, "bad.inc")] = "gate g a {\n  h a;\n}" };

        var e = Assert.Throws<QasmException>(() => QasmParser.Parse("OPENQASM 2.0;\ninclude \"bad.inc\";", Options(files, Path.Combine(Root, "m.qasm"))));

        Assert.Equal((Path.Combine(Root, "bad.inc"), 2, 3, "undefined gate 'h'"), (e.File, e.Line, e.Column, e.Detail));
    }

    [Fact]
    public void Parse_IncludedFileOfOtherVersion_Fails()
    {
        var files = new Dictionary<string, string> { [Path.Combine(Root, "v3.inc")] = "OPENQASM 3;\n" };

        var e = Assert.Throws<QasmException>(() => QasmParser.Parse("OPENQASM 2.0;\ninclude \"v3.inc\";", Options(files, Path.Combine(Root, "m.qasm"))));

        Assert.Equal("included file declares OpenQASM 3 but the program is OpenQASM 2", e.Detail);
    }

    [Fact]
    public void Parse_BuiltinIncludes_NeverTouchTheReader()
    {
        var options = new QasmParseOptions { FileReader = p => throw new InvalidOperationException($"read {p}") };

        var circuit = QasmParser.Parse("OPENQASM 3;\ninclude \"stdgates.inc\";\nqubit q;\nh q;", options);

        Assert.Single(circuit.Operations);
    }

    [Fact]
    public void ParseFile_MissingFile_ThrowsQasmException()
    {
        var e = Assert.Throws<QasmException>(() => QasmParser.ParseFile(Path.Combine(Root, "absent", "x.qasm")));

        Assert.Equal((1, 1), (e.Line, e.Column));
        Assert.StartsWith("cannot read '", e.Detail, StringComparison.Ordinal);
    }

    private static QasmParseOptions Options(Dictionary<string, string> files, string? fileName) => new()
    {
        FileName = fileName,
        FileReader = path => files.TryGetValue(Path.GetFullPath(path), out var text) ? text : throw new FileNotFoundException($"no file {path}"),
    };
}
