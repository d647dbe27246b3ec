namespace Tessera.Rollup.Tests;

public class KeccakTests
{
    [Theory]
    [InlineData("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [InlineData("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    public void Known_answers_use_keccak_padding_not_sha3(string input, string hex)
    {
        Assert.Equal(Convert.FromHexString(hex), Keccak.Hash(System.Text.Encoding.ASCII.GetBytes(input)));
    }

    [Fact]
    public void Node_of_two_empty_leaves_is_the_well_known_zero_hash()
    {
        // keccak256(0^64), the first level of every Keccak sparse Merkle tree of zero leaves.
        Assert.Equal(
            Convert.FromHexString("ad3228b676f7d3cd4284a5443f17f1962b36e491b30a40b2405849e597ba5fb5"),
            Keccak.Node(new byte[32], new byte[32]));
    }
}
