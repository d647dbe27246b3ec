/* Commits the SHA-256 digest (32 bytes) of the whole input. */
#include "sha256.h"
#include "tessera.h"

int main(void)
{
	static uint8_t chunk[4096];
	sha256_ctx c;
	sha256_init(&c);
	size_t n;
	while ((n = tsr_read(chunk, sizeof chunk)) > 0)
		sha256_update(&c, chunk, n);
	uint8_t digest[32];
	sha256_final(&c, digest);
	tsr_commit(digest, sizeof digest);
	return 0;
}
