/* SHA-512 (FIPS 180-4), streaming. */
#ifndef TSR_SHA512_H
#define TSR_SHA512_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	uint64_t h[8];
	uint64_t len; /* bytes; messages stay far below 2^61 bytes here */
	uint8_t buf[128];
	size_t fill;
} sha512_ctx;

void sha512_init(sha512_ctx *c);
void sha512_update(sha512_ctx *c, const void *data, size_t len);
void sha512_final(sha512_ctx *c, uint8_t out[64]);
void sha512(const void *data, size_t len, uint8_t out[64]);

#endif
