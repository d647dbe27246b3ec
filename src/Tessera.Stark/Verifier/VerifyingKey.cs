using Tessera.Hash;
using Tessera.Hash.Merkle;
using Tessera.Poly;
using Tessera.Stark.Proofs;

namespace Tessera.Stark.Verifier;

/// <summary>
/// What a verifier fixes before it sees a proof: the machine (by fingerprint), the blowup, and the
/// commitment to the machine's preprocessed columns at that blowup.
/// </summary>
/// <remarks>
/// <para>A node that verifies proofs from untrusted peers builds (or receives) the key once and
/// verifies with it: a proof at another blowup is refused before any work, so a peer cannot make
/// the node extend the preprocessed tables at a blowup of its choosing.</para>
/// <para>Encoding (<see cref="SerializedLength"/> or <see cref="SerializedLength"/> − 32 bytes):
/// protocol version (1 byte), machine fingerprint (32), log_blowup (1), 1 if a preprocessed root
/// follows else 0 (1), the root (32). One key, one encoding.</para>
/// </remarks>
public sealed class VerifyingKey
{
    /// <summary>Bytes of an encoded key with a preprocessed root.</summary>
    public const int SerializedLength = 3 + (2 * Digest.ByteLength);

    private VerifyingKey(Digest fingerprint, int logBlowup, Digest? preprocessedRoot)
    {
        MachineFingerprint = fingerprint;
        LogBlowup = logBlowup;
        PreprocessedRoot = preprocessedRoot;
    }

    /// <summary>The digest of the machine's tables, constraints and buses.</summary>
    public Digest MachineFingerprint { get; }

    /// <summary>log2 of the blowup every proof checked with this key must use.</summary>
    public int LogBlowup { get; }

    /// <summary>The commitment to every table's preprocessed columns (their LDE on g·H'), or null when no table has any.</summary>
    public Digest? PreprocessedRoot { get; }

    /// <summary>The key of <paramref name="machine"/> at <paramref name="logBlowup"/> (computed once per machine and blowup).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The blowup is outside what <see cref="Fri.FriParameters"/> allows.</exception>
    public static VerifyingKey For(Machine machine, int logBlowup)
    {
        ArgumentNullException.ThrowIfNull(machine);
        new Fri.FriParameters { LogBlowup = logBlowup }.Validate();
        var tree = machine.PreprocessedTree(logBlowup, () => BuildPreprocessed(machine, logBlowup));
        return new VerifyingKey(machine.Fingerprint, logBlowup, tree?.Root);
    }

    /// <summary>The canonical encoding.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[PreprocessedRoot is null ? SerializedLength - Digest.ByteLength : SerializedLength];
        bytes[0] = Protocol.Version;
        MachineFingerprint.WriteBytes(bytes.AsSpan(1));
        bytes[1 + Digest.ByteLength] = (byte)LogBlowup;
        bytes[2 + Digest.ByteLength] = PreprocessedRoot is null ? (byte)0 : (byte)1;
        PreprocessedRoot?.WriteBytes(bytes.AsSpan(3 + Digest.ByteLength));
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

        var logBlowup = bytes[1 + Digest.ByteLength];
        try
        {
            new Fri.FriParameters { LogBlowup = logBlowup }.Validate();
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new VerificationFailedException($"Verifying key with log_blowup {logBlowup}.");
        }

        var flag = bytes[2 + Digest.ByteLength];
        var withRoot = bytes.Length == SerializedLength;
        if (flag != (withRoot ? 1 : 0))
        {
            throw new VerificationFailedException("The verifying key's root flag does not match its length.");
        }

        try
        {
            var fingerprint = Digest.FromBytes(bytes.Slice(1, Digest.ByteLength));
            Digest? root = withRoot ? Digest.FromBytes(bytes.Slice(3 + Digest.ByteLength, Digest.ByteLength)) : null;
            return new VerifyingKey(fingerprint, logBlowup, root);
        }
        catch (NonCanonicalDigestException e)
        {
            throw new VerificationFailedException($"Verifying key with a non-canonical digest: {e.Message}");
        }
    }

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
