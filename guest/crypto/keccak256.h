/* Keccak-256 as Ethereum uses it: the original Keccak padding (0x01 ... 0x80), not SHA3-256. */
#ifndef TSR_KECCAK256_H
#define TSR_KECCAK256_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	uint64_t s[25];
	size_t fill; /* bytes absorbed into the current block */
} keccak256_ctx;

void keccak256_init(keccak256_ctx *c);
void keccak256_update(keccak256_ctx *c, const void *data, size_t len);
void keccak256_final(keccak256_ctx *c, uint8_t out[32]);
void keccak256(const void *data, size_t len, uint8_t out[32]);
/* Keccak-256(left ‖ right) of two 32-byte halves: a Merkle node, in one permutation. */
void keccak256_pair(const uint8_t left[32], const uint8_t right[32], uint8_t out[32]);

/* Number of Keccak-f[1600] permutations run so far (for cycle accounting in tests). */
extern uint32_t keccak_permutations;

#endif
