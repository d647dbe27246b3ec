namespace Tessera.Circuit.Paging;

/// <summary>
/// What paging one segment adds to the circuit: distinct Poseidon2 permutations (rows of the
/// 299-column Poseidon2 table), rows of the page table (one per 16 bytes of every touched page) and
/// rows of the Merkle table (one per distinct path node).
/// </summary>
internal readonly record struct PagingRows(int Permutations, int PageRows, int MerkleRows);
