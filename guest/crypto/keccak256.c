/* Keccak-f[1600] (FIPS 202 §3) with rate 136 and the pre-standard 0x01 domain padding. Lanes are
 * 64-bit; on rv32 the compiler splits them into register pairs, which costs less than the
 * bookkeeping of a bit-interleaved layout at this size. */
#include "keccak256.h"

#include <string.h>

#define RATE 136

uint32_t keccak_permutations;

static const uint64_t RC[24] = {
	0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
	0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
	0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
	0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
	0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
	0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

static inline uint64_t rol(uint64_t x, unsigned n) { return n == 0 ? x : (x << n) | (x >> (64 - n)); }

/* rho offsets r[x + 5y] and the pi permutation: lane (x, y) moves to (y, 2x + 3y). */
static const uint8_t RHO[25] = {0,  1,  62, 28, 27, 36, 44, 6,  55, 20, 3,  10, 43,
				25, 39, 41, 45, 15, 21, 8,  18, 2,  61, 56, 14};

static void keccak_f(uint64_t a[25])
{
	keccak_permutations++;
	for (int round = 0; round < 24; round++) {
		uint64_t c[5], b[25];
		for (int x = 0; x < 5; x++)
			c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
		for (int x = 0; x < 5; x++) {
			uint64_t d = c[(x + 4) % 5] ^ rol(c[(x + 1) % 5], 1);
			for (int y = 0; y < 25; y += 5)
				a[x + y] ^= d;
		}
#pragma GCC unroll 25
		for (int i = 0; i < 25; i++) {
			int x = i % 5, y = i / 5;
			b[y + 5 * ((2 * x + 3 * y) % 5)] = rol(a[i], RHO[i]);
		}
		for (int y = 0; y < 25; y += 5) {
#pragma GCC unroll 5
			for (int x = 0; x < 5; x++)
				a[y + x] = b[y + x] ^ (~b[y + (x + 1) % 5] & b[y + (x + 2) % 5]);
		}
		a[0] ^= RC[round];
	}
}

void keccak256_init(keccak256_ctx *c)
{
	memset(c, 0, sizeof *c);
}

static inline void xor_byte(uint64_t *s, size_t i, uint8_t v)
{
	s[i / 8] ^= (uint64_t)v << (8 * (i % 8));
}

void keccak256_update(keccak256_ctx *c, const void *data, size_t len)
{
	const uint8_t *p = data;
	while (len > 0) {
		if (c->fill == 0 && len >= RATE) {
			/* Whole block: absorb lane by lane (little-endian loads). */
			for (int i = 0; i < RATE / 8; i++) {
				uint64_t v = 0;
				for (int k = 7; k >= 0; k--)
					v = v << 8 | p[8 * i + k];
				c->s[i] ^= v;
			}
			keccak_f(c->s);
			p += RATE;
			len -= RATE;
			continue;
		}
		xor_byte(c->s, c->fill++, *p++);
		len--;
		if (c->fill == RATE) {
			keccak_f(c->s);
			c->fill = 0;
		}
	}
}

void keccak256_final(keccak256_ctx *c, uint8_t out[32])
{
	xor_byte(c->s, c->fill, 0x01);
	xor_byte(c->s, RATE - 1, 0x80);
	keccak_f(c->s);
	for (int i = 0; i < 32; i++)
		out[i] = (uint8_t)(c->s[i / 8] >> (8 * (i % 8)));
}

void keccak256(const void *data, size_t len, uint8_t out[32])
{
	keccak256_ctx c;
	keccak256_init(&c);
	keccak256_update(&c, data, len);
	keccak256_final(&c, out);
}
