using Tessera.Hash;
using Tessera.Hash.Merkle;
using Tessera.Poly;
using Tessera.Stark.Fri;
using Tessera.Stark.Proofs;

namespace Tessera.Stark.Verifier;

/// <summary>
/// What a verifier fixes before it sees a proof: the machine (by fingerprint, which covers its
/// preprocessed values), the one parameter set it accepts, and the commitment to the machine's
/// preprocessed columns at that set's blowup.
/// </summary>
/// <remarks>
/// <para>A key read from elsewhere is trusted only once it equals the one derived from the machine
/// (<see cref="StarkVerifier(Machine, VerifyingKey)"/> checks): its fingerprint alone does not
/// vouch for the preprocessed root.</para>
/// <para>Encoding (<see cref="SerializedLength"/> or <see cref="SerializedLength"/> − 32 bytes):
/// protocol version (1 byte), machine fingerprint (32), the parameters (log_blowup u8, queries u16,
/// grinding bits before the queries, LogUp, ζ and batching u8 each, log arity u8, log final length
/// u8: 9), 1 if a preprocessed root follows else 0 (1), the root (32). One key, one encoding.</para>
/// </remarks>
public sealed class VerifyingKey : IEquatable<VerifyingKey>
{
    /// <summary>Bytes of an encoded key with a preprocessed root.</summary>
    public const int SerializedLength = 1 + Digest.ByteLength + ParameterBytes + 1 + Digest.ByteLength;

    private const int ParameterBytes = 9;

    private VerifyingKey(Digest fingerprint, ProofParameters parameters, Digest? preprocessedRoot)
    {
        MachineFingerprint = fingerprint;
        Parameters = parameters;
        PreprocessedRoot = preprocessedRoot;
    }

    /// <summary>The digest of the machine's tables, constraints, buses and preprocessed values.</summary>
    public Digest MachineFingerprint { get; }

    /// <summary>The parameters every proof checked with this key must use.</summary>
    public ProofParameters Parameters { get; }

    /// <summary>log2 of the blowup.</summary>
    public int LogBlowup => Parameters.LogBlowup;

    /// <summary>The commitment to every table's preprocessed columns (their LDE on g·H'), or null when no table has any.</summary>
    public Digest? PreprocessedRoot { get; }

    /// <summary>The key of <paramref name="machine"/> for <paramref name="parameters"/> (the commitment computed once per machine and blowup).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The parameters are out of range.</exception>
    public static VerifyingKey For(Machine machine, ProofParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        var tree = machine.PreprocessedTree(parameters.LogBlowup, () => BuildPreprocessed(machine, parameters.LogBlowup));
        return new VerifyingKey(machine.Fingerprint, parameters, tree?.Root);
    }

    /// <summary>The canonical encoding.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[PreprocessedRoot is null ? SerializedLength - Digest.ByteLength : SerializedLength];
        bytes[0] = Protocol.Version;
        MachineFingerprint.WriteBytes(bytes.AsSpan(1));
        var p = Parameters;
        var at = 1 + Digest.ByteLength;
        bytes[at] = (byte)p.LogBlowup;
        bytes[at + 1] = (byte)p.NumQueries;
        bytes[at + 2] = (byte)(p.NumQueries >> 8);
        bytes[at + 3] = (byte)p.ProofOfWorkBits;
        bytes[at + 4] = (byte)p.LookupProofOfWorkBits;
        bytes[at + 5] = (byte)p.DeepProofOfWorkBits;
        bytes[at + 6] = (byte)p.BatchingProofOfWorkBits;
        bytes[at + 7] = (byte)p.LogFoldingArity;
        bytes[at + 8] = (byte)p.LogFinalPolyLength;
        bytes[at + ParameterBytes] = PreprocessedRoot is null ? (byte)0 : (byte)1;
        PreprocessedRoot?.WriteBytes(bytes.AsSpan(at + ParameterBytes + 1));
        return bytes;
    }

    /// <summary>Reads a key from its canonical encoding.</summary>
    /// <exception cref="VerificationFailedException">The bytes are not exactly one canonical key of this protocol version.</exception>
    public static VerifyingKey FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length is not (SerializedLength or SerializedLength - Digest.ByteLength))
        {
            throw new VerificationFailedException($"A verifying key is {SerializedLength} or {SerializedLength - Digest.ByteLength} bytes, not {bytes.Length}.");
        }

        if (bytes[0] != Protocol.Version)
        {
            throw new VerificationFailedException($"Verifying key of protocol version {bytes[0]}, not {Protocol.Version}.");
        }

        var at = 1 + Digest.ByteLength;
        var p = new ProofParameters
        {
            LogBlowup = bytes[at],
            NumQueries = bytes[at + 1] | (bytes[at + 2] << 8),
            ProofOfWorkBits = bytes[at + 3],
            LookupProofOfWorkBits = bytes[at + 4],
            DeepProofOfWorkBits = bytes[at + 5],
            BatchingProofOfWorkBits = bytes[at + 6],
            LogFoldingArity = bytes[at + 7],
            LogFinalPolyLength = bytes[at + 8],
        };
        try
        {
            p.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new VerificationFailedException($"Verifying key with invalid parameters: {e.Message}");
        }

        var flag = bytes[at + ParameterBytes];
        var withRoot = bytes.Length == SerializedLength;
        if (flag != (withRoot ? 1 : 0))
        {
            throw new VerificationFailedException("The verifying key's root flag does not match its length.");
        }

        try
        {
            var fingerprint = Digest.FromBytes(bytes.Slice(1, Digest.ByteLength));
            Digest? root = withRoot ? Digest.FromBytes(bytes.Slice(at + ParameterBytes + 1, Digest.ByteLength)) : null;
            return new VerifyingKey(fingerprint, p, root);
        }
        catch (NonCanonicalDigestException e)
        {
            throw new VerificationFailedException($"Verifying key with a non-canonical digest: {e.Message}");
        }
    }

    /// <inheritdoc/>
    public bool Equals(VerifyingKey? other) => other is not null && MachineFingerprint == other.MachineFingerprint
        && Parameters == other.Parameters && PreprocessedRoot == other.PreprocessedRoot;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as VerifyingKey);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(MachineFingerprint, Parameters, PreprocessedRoot);

    private static MerkleTree? BuildPreprocessed(Machine machine, int logBlowup)
    {
        var views = new List<MatrixView>();
        foreach (var table in machine.Tables)
        {
            var pre = table.Air.PreprocessedWidth == 0 ? null : table.Air.Preprocessed();
            if (pre is not null)
            {
                var lde = Lde.CosetExtend(new RowMajorMatrix(pre.Values, pre.Width), logBlowup, Protocol.TraceShift, LdeOrder.BitReversed);
                views.Add(new MatrixView(lde.Values, lde.Width));
            }
        }

        return views.Count == 0 ? null : MerkleTree.Commit([.. views]);
    }
}
