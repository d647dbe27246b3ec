using CsCheck;

using Tessera.Network.Identity;
using Tessera.Network.Protocol;
using Tessera.Network.Scheduling;
using Tessera.Network.Tests.Scheduling;

namespace Tessera.Network.Tests.Protocol;

public sealed class MessageCodecTests
{
    private static readonly NodeKey Key = NodeKey.FromSecret(new byte[32]);
    private static readonly DateTimeOffset When = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TaskId Task = new(new JobId(new Guid(1, 2, 3, [4, 5, 6, 7, 8, 9, 10, 11])), 7);

    public static TheoryData<Message> All() =>
    [
        new Advert(20, 2, 12345.5),
        new Offer(Task, 99, 19, new byte[] { 1, 2, 3 }),
        new Claim(Task, 99),
        new Decline(Task, 99, "po2 too large — no room"),
        new Decline(Task, 100, "all workers busy", Busy: true),
        new Heartbeat([new TaskProgress(Task, 99, 0.5f), new TaskProgress(Task with { Segment = 8 }, 100, 1f)]),
        new Heartbeat([]),
        new Result(Task, 99, new byte[64]),
        new Cancel(Task, 99, CancelReason.Completed),
    ];

    [Theory]
    [MemberData(nameof(All))]
    public void EveryMessageRoundTripsAndNamesItsSender(Message m)
    {
        var recipient = NodeId.Synthetic(5);
        var bytes = MessageCodec.Encode(m, Key, recipient, 1234, When);
        var back = MessageCodec.Decode(bytes);
        Assert.Equal(Key.Id, back.Sender);
        Assert.Equal(recipient, back.Recipient);
        Assert.Equal(1234UL, back.Sequence);
        Assert.Equal(When, back.Timestamp);
        Assert.Equal(Describe(m), Describe(back.Body));
        Assert.Null(MessageCodec.Decode(MessageCodec.Encode(m, Key, null, 1, When)).Recipient);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void AnyChangedOrMissingByteIsRefused(Message m)
    {
        var bytes = MessageCodec.Encode(m, Key, NodeId.Synthetic(5), 1234, When);
        for (var i = 0; i < bytes.Length; i++)
        {
            var bad = (byte[])bytes.Clone();
            bad[i] ^= 0x20;
            Assert.Throws<ProtocolException>(() => MessageCodec.Decode(bad));
        }

        for (var n = 0; n < bytes.Length; n += Math.Max(1, bytes.Length / 50))
        {
            Assert.Throws<ProtocolException>(() => MessageCodec.Decode(bytes.AsSpan(0, n)));
        }

        Assert.Throws<ProtocolException>(() => MessageCodec.Decode([.. bytes, 0]));
    }

    [Fact]
    public void ASenderCannotSpeakForAnother()
    {
        // Swap in another node's public key: the signature no longer matches.
        var bytes = MessageCodec.Encode(new Claim(Task, 1), Key, null, 1, When);
        NodeKey.Generate().PublicKey.CopyTo(bytes, 6);
        Assert.Equal(ProtocolError.BadSignature, Assert.Throws<ProtocolException>(() => MessageCodec.Decode(bytes)).Error);
    }

    [Fact]
    public void OversizedMessagesAreRefusedBeforeReading()
    {
        var limits = new ProtocolLimits { MaxMessageBytes = 500 };
        var bytes = MessageCodec.Encode(new Result(Task, 1, new byte[1000]), Key, null, 1, When);
        Assert.Equal(ProtocolError.Oversized, Assert.Throws<ProtocolException>(() => MessageCodec.Decode(bytes, limits)).Error);
        var many = new Heartbeat(Enumerable.Range(0, 300).Select(i => new TaskProgress(Task, (ulong)i, 0)).ToArray());
        Assert.Equal(ProtocolError.Oversized, Assert.Throws<ProtocolException>(() => MessageCodec.Decode(MessageCodec.Encode(many, Key, null, 1, When))).Error);
    }

    [Fact]
    public void RandomBytesOnlyEverGiveTheTypedError()
    {
        var valid = ((IEnumerable<object[]>)All()).Select(row => MessageCodec.Encode((Message)row[0], Key, null, 1, When)).ToArray();
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte.Array[0, 64], Gen.Int[0, 400], Gen.Byte.Array[0, 300])
            .Sample((pick, patch, at, random) =>
            {
                // Mutated valid messages reach deep into the parser; pure noise tests the front door.
                var m = (byte[])valid[pick].Clone();
                patch.AsSpan(0, Math.Min(patch.Length, Math.Max(0, m.Length - (at % m.Length)))).CopyTo(m.AsSpan(at % m.Length));
                foreach (var input in new[] { m, random, [.. valid[pick].AsSpan(0, 6), .. random] })
                {
                    try
                    {
                        MessageCodec.Decode(input);
                    }
                    catch (ProtocolException)
                    {
                    }
                }
            }, iter: 1000);
    }

    [Fact]
    public void ReplaysStaleAndMisaddressedMessagesAreRecognised()
    {
        var clock = new ManualClock(When);
        var self = NodeId.Synthetic(1);
        var guard = new ReplayGuard(self, clock);
        SignedMessage Msg(ulong seq, NodeId? to = null, TimeSpan? age = null) =>
            MessageCodec.Decode(MessageCodec.Encode(new Claim(Task, 1), Key, to ?? self, seq, When - (age ?? TimeSpan.Zero)));

        guard.Check(Msg(100));
        Assert.Equal(ProtocolError.Replayed, Assert.Throws<ProtocolException>(() => guard.Check(Msg(100))).Error);
        guard.Check(Msg(98)); // a little out of order is fine, once
        Assert.Equal(ProtocolError.Replayed, Assert.Throws<ProtocolException>(() => guard.Check(Msg(98))).Error);
        guard.Check(Msg(500));
        Assert.Equal(ProtocolError.Replayed, Assert.Throws<ProtocolException>(() => guard.Check(Msg(101))).Error);
        Assert.Equal(ProtocolError.WrongRecipient, Assert.Throws<ProtocolException>(() => guard.Check(Msg(501, NodeId.Synthetic(2)))).Error);
        Assert.Equal(ProtocolError.Stale, Assert.Throws<ProtocolException>(() => guard.Check(Msg(502, age: TimeSpan.FromHours(1)))).Error);
    }

    [Fact]
    public void SequencesKeepRisingWhenTheClockDoesNot()
    {
        var clock = new ManualClock(When);
        var a = new SequenceCounter(clock);
        var first = a.Next();
        Assert.True(a.Next() > first);
        var restarted = new SequenceCounter(new ManualClock(When + TimeSpan.FromSeconds(1)));
        Assert.True(restarted.Next() > first + 2);
    }

    private static string Describe(Message m) => m switch
    {
        Offer o => $"{o with { Payload = default }} {Convert.ToHexString(o.Payload.Span)}",
        Result r => $"{r with { Payload = default }} {Convert.ToHexString(r.Payload.Span)}",
        Heartbeat h => string.Join(";", h.Tasks),
        _ => m.ToString()!,
    };
}
