namespace VolunteerQuantum.Circuits.Noise;

/// <summary>A noise model, channel or its JSON is invalid; the message names the problem.</summary>
public sealed class NoiseModelException(string message) : Exception(message);
