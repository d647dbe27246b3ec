namespace Tessera.Network.Protocol;

/// <summary>A message as received: its body, and the signed envelope facts about it.</summary>
/// <param name="Sender">The signer's id (hash of <paramref name="SenderKey"/>).</param>
/// <param name="SenderKey">The signer's public key.</param>
/// <param name="Recipient">The node it is addressed to; null for everyone.</param>
/// <param name="Sequence">The sender's message counter, increasing across restarts.</param>
/// <param name="Timestamp">When the sender says it sent it.</param>
/// <param name="Body">The message.</param>
public sealed record SignedMessage(NodeId Sender, byte[] SenderKey, NodeId? Recipient, ulong Sequence, DateTimeOffset Timestamp, Message Body);
