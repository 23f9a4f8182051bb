namespace VolunteerQuantum.Circuits.Qasm;

/// <summary>
/// OpenQASM 3 keywords this front end recognises only to reject them with a clear message rather
/// than "undefined gate". Checked in OpenQASM 3 programs only: in OpenQASM 2 these are ordinary names.
/// </summary>
internal static class UnsupportedFeatures
{
    private static readonly Dictionary<string, string> Messages = new(StringComparer.Ordinal)
    {
        ["for"] = "'for' loops are not supported",
        ["while"] = "'while' loops are not supported",
        ["def"] = "subroutines ('def') are not supported",
        ["extern"] = "'extern' functions are not supported",
        ["return"] = "subroutines ('return') are not supported",
        ["int"] = "classical variables ('int') are not supported",
        ["uint"] = "classical variables ('uint') are not supported",
        ["float"] = "classical variables ('float') are not supported; only 'input float' parameters are",
        ["angle"] = "classical variables ('angle') are not supported; only 'input angle' parameters are",
        ["bool"] = "classical variables ('bool') are not supported",
        ["complex"] = "classical variables ('complex') are not supported",
        ["duration"] = "classical variables ('duration') are not supported",
        ["stretch"] = "classical variables ('stretch') are not supported",
        ["const"] = "'const' declarations are not supported",
        ["let"] = "'let' aliases are not supported",
        ["array"] = "arrays are not supported",
        ["output"] = "'output' declarations are not supported",
        ["delay"] = "timing instructions ('delay') are not supported",
        ["box"] = "timing instructions ('box') are not supported",
        ["defcal"] = "pulse-level calibrations ('defcal') are not supported",
        ["cal"] = "pulse-level calibrations ('cal') are not supported",
        ["defcalgrammar"] = "pulse-level calibrations ('defcalgrammar') are not supported",
        ["pragma"] = "pragmas are not supported",
        ["switch"] = "'switch' statements are not supported",
        ["break"] = "'break' is not supported",
        ["continue"] = "'continue' is not supported",
        ["end"] = "'end' is not supported",
    };

    /// <summary>Throws if <paramref name="token"/> starts an unsupported OpenQASM 3 construct.</summary>
    public static void Check(ParserContext context, Token token)
    {
        if (!context.IsOpenQasm3)
        {
            return;
        }
        if (token.Kind == TokenKind.Identifier && Messages.TryGetValue(token.Text, out var message))
        {
            throw new QasmException(token.Location, message);
        }
        if (token.Kind == TokenKind.At)
        {
            throw new QasmException(token.Location, "annotations ('@name') are not supported");
        }
    }
}
