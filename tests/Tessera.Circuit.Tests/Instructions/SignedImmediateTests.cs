using Tessera.Circuit.Instructions;
using Tessera.Circuit.Program;
using Tessera.Field;

namespace Tessera.Circuit.Tests.Instructions;

public sealed class SignedImmediateTests
{
    private const uint P = BabyBear.Modulus;

    [Fact]
    public void Branch_and_jal_immediates_have_a_top_byte_of_0_or_255()
    {
        var rng = new Random(3);
        for (var n = 0; n < 20000; n++)
        {
            var word = (uint)rng.NextInt64(0, 1L << 32);
            foreach (var opcode in new uint[] { 0x63, 0x6F, 0x67, 0x03, 0x23 })
            {
                var ins = DecodedInstruction.Decode((word & ~0x707Fu) | opcode);
                if (ins.Op != Opcode.None)
                {
                    Assert.True(ins.Imm >> 24 is 0 or 0xFF, $"{ins.Op} 0x{ins.Imm:x8}");
                }
            }
        }
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(4u)]
    [InlineData(0xFFFF_F000u)]
    [InlineData(0xFFF0_0000u)]
    [InlineData(0x000F_FFFEu)]
    [InlineData(0xFFFF_FFFCu)]
    public void The_signed_value_is_the_twos_complement_value(uint imm)
    {
        var expected = (int)imm >= 0 ? BabyBear.FromCanonical(imm) : -BabyBear.FromCanonical((uint)-(int)imm);
        Assert.Equal(expected, SignedImmediate.Value(imm));
    }

    [Fact]
    public void Pc_plus_a_signed_immediate_is_the_true_target_or_no_code_address()
    {
        var rng = new Random(7);
        for (var n = 0; n < 20000; n++)
        {
            var pc = (uint)rng.Next(0, 1 << 28) & ~3u;
            var imm = (uint)(rng.Next(-(1 << 20), 1 << 20) & ~1);
            var field = (BabyBear.FromCanonical(pc) + SignedImmediate.Value(imm)).ToCanonical();
            var sum = (long)pc + (int)imm;
            if (sum >= 0)
            {
                Assert.Equal(pc + imm, field);
            }
            else
            {
                Assert.True(field >= P - (1u << 20), $"pc 0x{pc:x8} + {(int)imm} gives 0x{field:x8}");
            }
        }
    }
}
