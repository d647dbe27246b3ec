using System.CommandLine;

using Tessera.Stark.Fri;

namespace Tessera.Cli.Commands;

/// <summary>The parameter choice shared by <c>prove</c>, <c>verify</c> and the demo: the default, or the fast insecure test set by explicit request.</summary>
internal static class ProofOptions
{
    public static Option<bool> InsecureTestParameters() => new("--insecure-test-parameters")
    {
        Description = "Prove (or accept) the fast, insecure test parameters (8 queries) instead of the 100-proven-bit default: for tests only.",
    };

    public static ProofParameters Parameters(bool insecure) => insecure ? ProofParameters.Test : ProofParameters.Default;
}
