using Tessera.Stark.Fri;
using Tessera.Vm.Elf;
using Tessera.Vm.Segments;
using Tessera.Vm.Tests;

namespace Tessera.Zkvm.Tests;

/// <summary>One proven run of the sort example shared by the tampering tests: proving it once keeps them fast.</summary>
public sealed class ReceiptFixture
{
    public const int Po2 = 13;

    public ReceiptFixture()
    {
        Program = ElfProgram.Parse(Examples.Elf("sort"));
        Input = Examples.Input("sort", 200);
        Options = new ProveOptions { Po2 = Po2, Parameters = ProofParameters.Test, SegmentsInFlight = 2 };
        Receipt = ZkvmProver.Prove(Program, Input, Options);
        Execution = Executor.Run(Program, Input, new ExecutionOptions { Po2 = Po2 });
        ImageId = ImageId.Of(Program);
    }

    public ElfProgram Program { get; }

    public byte[] Input { get; }

    public ProveOptions Options { get; }

    public CompositeReceipt Receipt { get; }

    public ExecutionReport Execution { get; }

    public ImageId ImageId { get; }

    public static ProofParameters Accepted => ProofParameters.Test;
}
