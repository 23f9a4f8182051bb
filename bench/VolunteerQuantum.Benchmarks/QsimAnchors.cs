using System.Globalization;
using System.Text.RegularExpressions;

namespace VolunteerQuantum.Benchmarks;

/// <summary>
/// qsim's figures from <c>shared/anchors/README.md</c>: measured by others side by side on this machine
/// kind (never in this run), rows like <c>| random n=24 d20 | 1.55 s | 0.61 s |</c> for 1 and 2 threads.
/// </summary>
internal sealed partial class QsimAnchors
{
    private readonly Dictionary<(string Kind, int Qubits, int Threads), double> _seconds;

    private QsimAnchors(string source, Dictionary<(string, int, int), double> seconds)
    {
        Source = source;
        _seconds = seconds;
    }

    public string Source { get; }

    public double? Seconds(string kind, int qubits, int threads) =>
        _seconds.TryGetValue((kind, qubits, threads), out var s) ? s : null;

    /// <summary>The anchors beside the benchmark circuits' folder, or in /work/shared; null when there are none.</summary>
    public static QsimAnchors? Load(string circuitsDirectory)
    {
        var candidates = new[]
        {
            Path.Combine(circuitsDirectory, "..", "anchors", "README.md"),
            Path.Combine(circuitsDirectory, "..", "..", "..", "shared", "anchors", "README.md"),
            "/work/shared/anchors/README.md",
        };
        var path = candidates.FirstOrDefault(File.Exists);
        if (path is null)
        {
            return null;
        }
        var seconds = new Dictionary<(string, int, int), double>();
        foreach (var line in File.ReadLines(path))
        {
            var match = Row().Match(line);
            if (!match.Success)
            {
                continue;
            }
            var kind = match.Groups["kind"].Value.Equals("QFT", StringComparison.OrdinalIgnoreCase) ? "qft" : "random";
            var n = int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
            for (var threads = 1; threads <= 2; threads++)
            {
                if (double.TryParse(match.Groups[$"t{threads}"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    seconds[(kind, n, threads)] = value;
                }
            }
        }
        return new QsimAnchors(Path.GetFullPath(path), seconds);
    }

    [GeneratedRegex(@"^\|\s*(?<kind>random|QFT)\s+n=(?<n>\d+)[^|]*\|\s*(?<t1>[\d.]+|–|-)\s*s?\s*\|\s*(?<t2>[\d.]+|–|-)\s*s?\s*\|")]
    private static partial Regex Row();
}
