/* Ed25519 signature verification (RFC 8032 §5.1.7, pure Ed25519, no context). */
#ifndef TSR_ED25519_H
#define TSR_ED25519_H

#include <stddef.h>
#include <stdint.h>

/* Returns 1 when sig is a valid signature of msg under pub, else 0. Rejects a public key or R
 * that does not decode, and a non-canonical S (S >= L). The check is cofactorless, which RFC
 * 8032 §5.1.7 allows: the encoding of [S]B - [k]A must equal the 32 bytes of R. Variable time:
 * everything it sees is public. */
int ed25519_verify(const uint8_t sig[64], const uint8_t pub[32], const uint8_t *msg, size_t len);

#endif
