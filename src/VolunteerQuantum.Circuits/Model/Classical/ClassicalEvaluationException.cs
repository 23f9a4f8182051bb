namespace VolunteerQuantum.Circuits.Model.Classical;

/// <summary>
/// A classical operation that has no value (division by zero, a loop past its iteration limit, a cast
/// that loses the meaning of a value). The message names the operation; at parse time the front end
/// turns it into a located <c>QasmException</c>, at run time it carries the source location itself.
/// </summary>
public sealed class ClassicalEvaluationException(string message) : InvalidOperationException(message);
