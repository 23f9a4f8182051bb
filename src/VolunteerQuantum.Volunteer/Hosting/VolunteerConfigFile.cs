using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace VolunteerQuantum.Volunteer.Hosting;

/// <summary>
/// `--config FILE` (or VQ_VOLUNTEER_CONFIG): the installers' configuration file, e.g.
/// /etc/volunteerquantum/volunteer.json. It slots in where appsettings.json would, so environment
/// variables and the command line still override it. A named file that is missing fails the start.
/// </summary>
public static class VolunteerConfigFile
{
    public const string Key = "config";
    public const string EnvironmentVariable = "VQ_VOLUNTEER_CONFIG";

    public static IHostApplicationBuilder AddVolunteerConfigFile(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var path = builder.Configuration[Key] ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(path))
        {
            return builder;
        }
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"the configuration file {full} does not exist", full);
        }
        var source = new JsonConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(Path.GetDirectoryName(full)!),
            Path = Path.GetFileName(full),
            Optional = false,
            ReloadOnChange = false,
        };
        var sources = builder.Configuration.Sources;
        var position = sources.Count;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is EnvironmentVariablesConfigurationSource { Prefix: null or "" })
            {
                position = i;
            }
        }
        sources.Insert(position, source);
        return builder;
    }
}
