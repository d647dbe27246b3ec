/* Word-at-a-time memset and memcpy. picolibc's rv32 versions go byte by byte, and every byte is
 * a cycle to prove; these replace them at link time (an archive member is only pulled in for an
 * undefined symbol). Built with -fno-tree-loop-distribute-patterns so the loops below are not
 * turned back into calls to themselves. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	while (n > 0 && ((uintptr_t)d & 3) != 0) {
		*d++ = (unsigned char)c;
		n--;
	}
	uint32_t w = (unsigned char)c * 0x01010101u;
	for (; n >= 4; n -= 4, d += 4)
		*(uint32_t *)(void *)d = w;
	while (n-- > 0)
		*d++ = (unsigned char)c;
	return dst;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if ((((uintptr_t)d ^ (uintptr_t)s) & 3) == 0) {
		while (n > 0 && ((uintptr_t)d & 3) != 0) {
			*d++ = *s++;
			n--;
		}
		for (; n >= 4; n -= 4, d += 4, s += 4)
			*(uint32_t *)(void *)d = *(const uint32_t *)(const void *)s;
	}
	while (n-- > 0)
		*d++ = *s++;
	return dst;
}
