namespace VolunteerQuantum.Volunteer.Work;

/// <summary>Keeps the latest progress the simulation reported, for the next heartbeat to carry.</summary>
public sealed class LatestProgress : IProgress<double>
{
    private double _value;

    public double Value => Volatile.Read(ref _value);

    public void Report(double value) => Volatile.Write(ref _value, value);
}
