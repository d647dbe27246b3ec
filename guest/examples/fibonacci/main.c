/* Reads n (u32 little-endian) from the input and commits fib(n) mod 2^64 (u64 little-endian).
 * fib(0) = 0, fib(1) = 1. Also prints the result on stdout (not committed) to show printf works. */
#include <stdint.h>
#include <stdio.h>

#include "tessera.h"

int main(void)
{
	uint8_t in[4] = {0};
	if (tsr_read(in, sizeof in) != sizeof in)
		return 1;
	uint32_t n = (uint32_t)in[0] | (uint32_t)in[1] << 8 | (uint32_t)in[2] << 16 | (uint32_t)in[3] << 24;
	uint64_t a = 0, b = 1;
	for (uint32_t i = 0; i < n; i++) {
		uint64_t t = a + b;
		a = b;
		b = t;
	}
	uint8_t out[8];
	for (int i = 0; i < 8; i++)
		out[i] = (uint8_t)(a >> (8 * i));
	tsr_commit(out, sizeof out);
	printf("fib(%lu) = %llu\n", (unsigned long)n, (unsigned long long)a);
	return 0;
}
