using System.Numerics;

namespace VolunteerQuantum.Circuits.Model.Classical;

/// <summary>OpenQASM 3's built-in classical functions.</summary>
public static class ClassicalFunctions
{
    private static readonly Dictionary<string, Func<double, double>> RealFunctions = new(StringComparer.Ordinal)
    {
        ["sin"] = Math.Sin,
        ["cos"] = Math.Cos,
        ["tan"] = Math.Tan,
        ["arcsin"] = Math.Asin,
        ["arccos"] = Math.Acos,
        ["arctan"] = Math.Atan,
        ["asin"] = Math.Asin,
        ["acos"] = Math.Acos,
        ["atan"] = Math.Atan,
        ["exp"] = Math.Exp,
        ["ln"] = Math.Log,
        ["log"] = Math.Log,
        ["sqrt"] = Math.Sqrt,
    };

    /// <summary>Names with their argument counts.</summary>
    public static bool TryArity(string name, out int arity)
    {
        arity = name switch
        {
            _ when RealFunctions.ContainsKey(name) => 1,
            "ceiling" or "ceil" or "floor" or "popcount" or "abs" => 1,
            "mod" or "pow" or "rotl" or "rotr" => 2,
            _ => -1,
        };
        return arity >= 0;
    }

    public static ClassicalType ResultType(string name, IReadOnlyList<ClassicalType> arguments) => name switch
    {
        "popcount" => ClassicalType.UnsignedInt(),
        "rotl" or "rotr" => arguments[0],
        "abs" or "ceiling" or "ceil" or "floor" when arguments[0].IsInteger => arguments[0],
        "mod" or "pow" when arguments.All(a => a.IsInteger) => ClassicalOperators.ResultType(name == "mod" ? ClassicalOperator.Modulo : ClassicalOperator.Power, arguments[0], arguments[1]),
        _ => ClassicalType.Real,
    };

    public static ClassicalValue Apply(string name, IReadOnlyList<ClassicalValue> args)
    {
        if (RealFunctions.TryGetValue(name, out var f))
        {
            return ClassicalValue.FromFloat(f(args[0].AsDouble()));
        }
        var type = ResultType(name, args.Select(a => a.Type).ToArray());
        switch (name)
        {
            case "popcount":
                return ClassicalValue.FromBits(type, (ulong)BitOperations.PopCount(args[0].Raw));
            case "rotl" or "rotr":
                var width = args[0].Type.Width;
                var by = (int)(((args[1].AsInt64() % width) + width) % width);
                if (name == "rotr")
                {
                    by = (width - by) % width;
                }
                var raw = args[0].Raw;
                return ClassicalValue.FromBits(type, by == 0 ? raw : (raw << by) | (raw >> (width - by)));
            case "mod" or "pow":
                return ClassicalOperators.Binary(name == "mod" ? ClassicalOperator.Modulo : ClassicalOperator.Power, args[0], args[1]);
            case "abs" when type.IsInteger:
                return ClassicalValue.FromInteger(type, Math.Abs(args[0].AsInt64()));
            case "ceiling" or "ceil" or "floor" when type.IsInteger:
                return args[0];
            case "abs":
                return ClassicalValue.FromFloat(Math.Abs(args[0].AsDouble()));
            case "ceiling" or "ceil":
                return ClassicalValue.FromFloat(Math.Ceiling(args[0].AsDouble()));
            case "floor":
                return ClassicalValue.FromFloat(Math.Floor(args[0].AsDouble()));
            default:
                throw new ClassicalEvaluationException($"unknown function '{name}'");
        }
    }
}
