/*
 * sha256.h - SHA-256 (FIPS 180-4), HMAC-SHA256 (RFC 2104) and lowercase
 * hex, for request signing without a crypto library.
 *
 * Lifecycle of the streaming interface: trawl_sha256_init(), any number of
 * trawl_sha256_update() calls, then one trawl_sha256_final(), which writes
 * the digest and wipes the context (it must be initialised again before
 * reuse). A context is plain memory: no allocation, nothing to free, one
 * context per thread.
 *
 * Nothing here fails: every function returns void. Inputs are borrowed for
 * the call only. Key material (the HMAC key blocks and the inner state
 * derived from them) is wiped with explicit_bzero before returning; the
 * caller wipes its own copies of keys and outputs that are secret.
 */
#ifndef TRAWL_UTIL_SHA256_H
#define TRAWL_UTIL_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define TRAWL_SHA256_LEN 32
#define TRAWL_SHA256_BLOCK 64

struct trawl_sha256 {
	uint32_t h[8];
	uint64_t nbytes;                       /* message length so far */
	uint8_t block[TRAWL_SHA256_BLOCK];     /* partial block */
	size_t fill;                           /* bytes used in block */
};

void trawl_sha256_init(struct trawl_sha256 *c);
void trawl_sha256_update(struct trawl_sha256 *c, const void *p, size_t n);
/* Writes the digest to out and wipes c. */
void trawl_sha256_final(struct trawl_sha256 *c, uint8_t out[32]);

/* The digest of p[0..n) in one call. */
void trawl_sha256(const void *p, size_t n, uint8_t out[32]);

/* HMAC-SHA256 of msg[0..mlen) under key[0..klen) (any key length; keys
 * longer than the 64-byte block are hashed first, as RFC 2104 says). out
 * is written last, so it may be the key's or the message's own storage
 * (the signing-key chain hashes a key into itself). */
void trawl_hmac_sha256(const void *key, size_t klen, const void *msg,
		       size_t mlen, uint8_t out[32]);

/* Writes in[0..n) as 2n lowercase hex digits and a NUL to out, which must
 * hold 2n + 1 bytes. */
void trawl_hex(const uint8_t *in, size_t n, char *out);

#endif
