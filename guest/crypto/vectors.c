/* Known-answer and differential checks of the guest's Keccak-256, SHA-512 and Ed25519.
 *
 * Empty input: runs the published vectors below and commits one byte per check (1 = pass), in
 * order; the exit code is the number of failures.
 * Otherwise the input is a list of requests, each answered on the journal:
 *   'K' len:u32le data   -> Keccak-256(data), 32 bytes
 *   'S' len:u32le data   -> SHA-512(data), 64 bytes
 *   'E' pub:32 sig:64 len:u32le msg -> 1 byte, ed25519_verify
 * so the host can compare with an independent implementation on any data it likes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ed25519.h"
#include "keccak256.h"
#include "sha512.h"
#include "tessera.h"

static size_t unhex(uint8_t *out, const char *hex)
{
	size_t n = 0;
	for (; hex[0] && hex[1]; hex += 2) {
		int v = 0;
		for (int k = 0; k < 2; k++) {
			char c = hex[k];
			v = v * 16 + (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
		}
		out[n++] = (uint8_t)v;
	}
	return n;
}

static int failures;

static void report(int ok)
{
	uint8_t b = ok ? 1 : 0;
	failures += !ok;
	tsr_commit(&b, 1);
}

static void check_hash(int keccak, const char *msg, size_t len, const char *want_hex)
{
	uint8_t got[64], want[64];
	size_t n = unhex(want, want_hex);
	if (keccak)
		keccak256(msg, len, got);
	else
		sha512(msg, len, got);
	report(memcmp(got, want, n) == 0);
}

/* RFC 8032 §7.1: public key, signature, message (all hex). */
static const struct {
	const char *name, *pub, *sig, *msg;
} ED[] = {
#include "rfc8032-vectors.inc"
};

static void known_answers(void)
{
	/* Keccak-256 (original padding, as Ethereum uses it). */
	check_hash(1, "", 0, "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
	check_hash(1, "abc", 3, "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
	/* SHA-512, FIPS 180-2 examples: "abc", empty, and the two-block message. */
	check_hash(0, "abc", 3,
		   "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
		   "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
	check_hash(0, "", 0,
		   "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
		   "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
	static const char two_block[] = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
					"ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	check_hash(0, two_block, sizeof two_block - 1,
		   "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
		   "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");

	static uint8_t msg[1024];
	for (size_t i = 0; i < sizeof ED / sizeof ED[0]; i++) {
		uint8_t pub[32], sig[64], other[32];
		unhex(pub, ED[i].pub);
		unhex(sig, ED[i].sig);
		size_t len = unhex(msg, ED[i].msg);
		report(ed25519_verify(sig, pub, msg, len));
		/* Negative cases: a flipped bit in R, in S, in the message; another vector's key. */
		sig[3] ^= 0x10;
		report(!ed25519_verify(sig, pub, msg, len));
		sig[3] ^= 0x10;
		sig[40] ^= 0x01;
		report(!ed25519_verify(sig, pub, msg, len));
		sig[40] ^= 0x01;
		if (len > 0) {
			msg[len - 1] ^= 0x80;
			report(!ed25519_verify(sig, pub, msg, len));
			msg[len - 1] ^= 0x80;
		} else {
			report(!ed25519_verify(sig, pub, (const uint8_t *)"x", 1));
		}
		unhex(other, ED[(i + 1) % (sizeof ED / sizeof ED[0])].pub);
		report(!ed25519_verify(sig, other, msg, len));
		/* S + L is the same scalar mod L but not canonical: RFC 8032 requires rejecting it. */
		static const uint8_t L[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
					      0xa2, 0xde, 0xf9, 0xde, 0x14, 0,    0,    0,    0,    0,    0,
					      0,    0,    0,    0,    0,    0,    0,    0,    0,    0x10};
		uint8_t big[64];
		memcpy(big, sig, 64);
		unsigned carry = 0;
		for (int k = 0; k < 32; k++) {
			unsigned v = big[32 + k] + L[k] + carry;
			big[32 + k] = (uint8_t)v;
			carry = v >> 8;
		}
		report(carry == 0 && !ed25519_verify(big, pub, msg, len));
	}
}

static uint32_t read_u32(void)
{
	uint8_t b[4];
	if (tsr_read(b, 4) != 4)
		tsr_exit(2);
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static uint8_t *read_bytes(size_t len)
{
	uint8_t *p = malloc(len ? len : 1);
	if (p == NULL || tsr_read(p, len) != len)
		tsr_exit(2);
	return p;
}

int main(void)
{
	uint8_t op;
	if (tsr_read(&op, 1) == 0) {
		known_answers();
		return failures;
	}
	do {
		uint8_t out[64];
		if (op == 'K' || op == 'S') {
			uint32_t len = read_u32();
			uint8_t *data = read_bytes(len);
			if (op == 'K') {
				keccak256(data, len, out);
				tsr_commit(out, 32);
			} else {
				sha512(data, len, out);
				tsr_commit(out, 64);
			}
			free(data);
		} else if (op == 'E') {
			uint8_t pub[32], sig[64];
			if (tsr_read(pub, 32) != 32 || tsr_read(sig, 64) != 64)
				return 2;
			uint32_t len = read_u32();
			uint8_t *msg = read_bytes(len);
			out[0] = (uint8_t)ed25519_verify(sig, pub, msg, len);
			tsr_commit(out, 1);
			free(msg);
		} else {
			return 3;
		}
	} while (tsr_read(&op, 1) == 1);
	return 0;
}
