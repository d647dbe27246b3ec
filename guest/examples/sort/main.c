/* Reads little-endian u32 values until end of input (a trailing partial word is an error, exit
 * 1), sorts them ascending and commits them in the same encoding. */
#include <stdint.h>
#include <stdlib.h>

#include "tessera.h"

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

int main(void)
{
	size_t cap = 1024, n = 0;
	uint32_t *v = malloc(cap * sizeof *v);
	if (v == NULL)
		return 2;
	for (;;) {
		if (n == cap) {
			cap *= 2;
			v = realloc(v, cap * sizeof *v);
			if (v == NULL)
				return 2;
		}
		size_t got = tsr_read(&v[n], (cap - n) * sizeof *v);
		if (got % sizeof *v != 0)
			return 1;
		n += got / sizeof *v;
		if (n < cap)
			break;
	}
	/* rv32 is little-endian, so the words in memory are already the wire encoding. */
	qsort(v, n, sizeof *v, cmp_u32);
	tsr_commit(v, n * sizeof *v);
	return 0;
}
