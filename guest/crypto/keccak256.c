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

#define ROL(x, n) (((x) << (n)) | ((x) >> (64 - (n))))

/* One round from a into e. The state stays in memory and each output row of chi is built from
 * its five rho/pi-moved source lanes, so only C, D and one row are live at a time: written as
 * 25 locals instead, the state spills on rv32 (two registers a lane) and a round costs twice as
 * much. Generated; every rotation amount is a constant. */
static inline void keccak_round(const uint64_t *a, uint64_t *e, uint64_t rc)
{
	uint64_t c0 = a[0] ^ a[5] ^ a[10] ^ a[15] ^ a[20];
	uint64_t c1 = a[1] ^ a[6] ^ a[11] ^ a[16] ^ a[21];
	uint64_t c2 = a[2] ^ a[7] ^ a[12] ^ a[17] ^ a[22];
	uint64_t c3 = a[3] ^ a[8] ^ a[13] ^ a[18] ^ a[23];
	uint64_t c4 = a[4] ^ a[9] ^ a[14] ^ a[19] ^ a[24];
	uint64_t d0 = c4 ^ ROL(c1, 1);
	uint64_t d1 = c0 ^ ROL(c2, 1);
	uint64_t d2 = c1 ^ ROL(c3, 1);
	uint64_t d3 = c2 ^ ROL(c4, 1);
	uint64_t d4 = c3 ^ ROL(c0, 1);
	{
		uint64_t b0 = (a[0] ^ d0);
		uint64_t b1 = ROL(a[6] ^ d1, 44);
		uint64_t b2 = ROL(a[12] ^ d2, 43);
		uint64_t b3 = ROL(a[18] ^ d3, 21);
		uint64_t b4 = ROL(a[24] ^ d4, 14);
		e[0] = b0 ^ (~b1 & b2);
		e[1] = b1 ^ (~b2 & b3);
		e[2] = b2 ^ (~b3 & b4);
		e[3] = b3 ^ (~b4 & b0);
		e[4] = b4 ^ (~b0 & b1);
	}
	{
		uint64_t b0 = ROL(a[3] ^ d3, 28);
		uint64_t b1 = ROL(a[9] ^ d4, 20);
		uint64_t b2 = ROL(a[10] ^ d0, 3);
		uint64_t b3 = ROL(a[16] ^ d1, 45);
		uint64_t b4 = ROL(a[22] ^ d2, 61);
		e[5] = b0 ^ (~b1 & b2);
		e[6] = b1 ^ (~b2 & b3);
		e[7] = b2 ^ (~b3 & b4);
		e[8] = b3 ^ (~b4 & b0);
		e[9] = b4 ^ (~b0 & b1);
	}
	{
		uint64_t b0 = ROL(a[1] ^ d1, 1);
		uint64_t b1 = ROL(a[7] ^ d2, 6);
		uint64_t b2 = ROL(a[13] ^ d3, 25);
		uint64_t b3 = ROL(a[19] ^ d4, 8);
		uint64_t b4 = ROL(a[20] ^ d0, 18);
		e[10] = b0 ^ (~b1 & b2);
		e[11] = b1 ^ (~b2 & b3);
		e[12] = b2 ^ (~b3 & b4);
		e[13] = b3 ^ (~b4 & b0);
		e[14] = b4 ^ (~b0 & b1);
	}
	{
		uint64_t b0 = ROL(a[4] ^ d4, 27);
		uint64_t b1 = ROL(a[5] ^ d0, 36);
		uint64_t b2 = ROL(a[11] ^ d1, 10);
		uint64_t b3 = ROL(a[17] ^ d2, 15);
		uint64_t b4 = ROL(a[23] ^ d3, 56);
		e[15] = b0 ^ (~b1 & b2);
		e[16] = b1 ^ (~b2 & b3);
		e[17] = b2 ^ (~b3 & b4);
		e[18] = b3 ^ (~b4 & b0);
		e[19] = b4 ^ (~b0 & b1);
	}
	{
		uint64_t b0 = ROL(a[2] ^ d2, 62);
		uint64_t b1 = ROL(a[8] ^ d3, 55);
		uint64_t b2 = ROL(a[14] ^ d4, 39);
		uint64_t b3 = ROL(a[15] ^ d0, 41);
		uint64_t b4 = ROL(a[21] ^ d1, 2);
		e[20] = b0 ^ (~b1 & b2);
		e[21] = b1 ^ (~b2 & b3);
		e[22] = b2 ^ (~b3 & b4);
		e[23] = b3 ^ (~b4 & b0);
		e[24] = b4 ^ (~b0 & b1);
	}
	e[0] ^= rc;
}

static void keccak_f(uint64_t st[25])
{
	uint64_t tmp[25];
	keccak_permutations++;
	for (int round = 0; round < 24; round += 2) {
		keccak_round(st, tmp, RC[round]);
		keccak_round(tmp, st, RC[round + 1]);
	}
}

void keccak256_init(keccak256_ctx *c)
{
	for (int i = 0; i < 25; i++) /* picolibc's memset goes byte by byte */
		c->s[i] = 0;
	c->fill = 0;
}

static inline void xor_byte(uint64_t *s, size_t i, uint8_t v)
{
	s[i / 8] ^= (uint64_t)v << (8 * (i % 8));
}

static inline uint64_t load64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8); /* rv32 is little-endian, as Keccak lanes are */
	return v;
}

void keccak256_update(keccak256_ctx *c, const void *data, size_t len)
{
	const uint8_t *p = data;
	while (len > 0) {
		if (c->fill % 8 == 0 && len >= 8) {
			/* Whole lanes at a time: tree nodes (64 bytes) and leaves (48) take only this path. */
			c->s[c->fill / 8] ^= load64(p);
			c->fill += 8;
			p += 8;
			len -= 8;
		} else {
			xor_byte(c->s, c->fill++, *p++);
			len--;
		}
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

void keccak256_pair(const uint8_t left[32], const uint8_t right[32], uint8_t out[32])
{
	uint64_t st[25];
	for (int i = 0; i < 4; i++) {
		st[i] = load64(left + 8 * i);
		st[4 + i] = load64(right + 8 * i);
	}
	for (int i = 8; i < 25; i++)
		st[i] = 0;
	st[8] = 0x01;                 /* padding right after the 64 bytes */
	st[RATE / 8 - 1] = 1ULL << 63; /* and the final bit of the rate */
	keccak_f(st);
	for (int i = 0; i < 4; i++)
		for (int k = 0; k < 8; k++)
			out[8 * i + k] = (uint8_t)(st[i] >> (8 * k));
}
