using System.Text.Json;

namespace Tessera.Cli.Commands;

/// <summary>JSON settings shared by the commands' <c>--json</c> output.</summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };
}
