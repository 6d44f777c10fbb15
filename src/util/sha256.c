/*
 * sha256.c - SHA-256 and HMAC-SHA256, straight from FIPS 180-4 and RFC 2104.
 *
 * Written for clarity, not speed: it signs a few hundred bytes per request.
 */
#include "util/sha256.h"

#include <string.h>

static const uint32_t k256[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

static void compress(uint32_t h[8], const uint8_t p[64])
{
	uint32_t w[64];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^
			      (w[i - 15] >> 3);
		uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^
			      (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
	uint32_t e = h[4], f = h[5], g = h[6], hh = h[7];
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = hh + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) +
			      ((e & f) ^ (~e & g)) + k256[i] + w[i];
		uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) +
			      ((a & b) ^ (a & c) ^ (b & c));
		hh = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d;
	h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
	/* The schedule holds the (possibly key-derived) block. */
	explicit_bzero(w, sizeof(w));
}

void trawl_sha256_init(struct trawl_sha256 *c)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	memcpy(c->h, iv, sizeof(iv));
	c->nbytes = 0;
	c->fill = 0;
}

void trawl_sha256_update(struct trawl_sha256 *c, const void *p, size_t n)
{
	const uint8_t *s = p;
	c->nbytes += n;
	if (c->fill) {
		size_t take = TRAWL_SHA256_BLOCK - c->fill;
		if (take > n)
			take = n;
		memcpy(c->block + c->fill, s, take);
		c->fill += take;
		s += take;
		n -= take;
		if (c->fill < TRAWL_SHA256_BLOCK)
			return;
		compress(c->h, c->block);
		c->fill = 0;
	}
	for (; n >= TRAWL_SHA256_BLOCK; s += TRAWL_SHA256_BLOCK,
	     n -= TRAWL_SHA256_BLOCK)
		compress(c->h, s);
	if (n) {
		memcpy(c->block, s, n);
		c->fill = n;
	}
}

void trawl_sha256_final(struct trawl_sha256 *c, uint8_t out[32])
{
	uint64_t bits = c->nbytes * 8;
	c->block[c->fill++] = 0x80;
	if (c->fill > TRAWL_SHA256_BLOCK - 8) {
		memset(c->block + c->fill, 0, TRAWL_SHA256_BLOCK - c->fill);
		compress(c->h, c->block);
		c->fill = 0;
	}
	memset(c->block + c->fill, 0, TRAWL_SHA256_BLOCK - 8 - c->fill);
	for (int i = 0; i < 8; i++)
		c->block[TRAWL_SHA256_BLOCK - 1 - i] = (uint8_t)(bits >> (8 * i));
	compress(c->h, c->block);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(c->h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(c->h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(c->h[i] >> 8);
		out[4 * i + 3] = (uint8_t)c->h[i];
	}
	explicit_bzero(c, sizeof(*c));
}

void trawl_sha256(const void *p, size_t n, uint8_t out[32])
{
	struct trawl_sha256 c;
	trawl_sha256_init(&c);
	trawl_sha256_update(&c, p, n);
	trawl_sha256_final(&c, out);
}

void trawl_hmac_sha256(const void *key, size_t klen, const void *msg,
		       size_t mlen, uint8_t out[32])
{
	uint8_t k[TRAWL_SHA256_BLOCK] = {0};
	uint8_t pad[TRAWL_SHA256_BLOCK];
	uint8_t inner[TRAWL_SHA256_LEN];
	struct trawl_sha256 c;

	if (klen > TRAWL_SHA256_BLOCK)
		trawl_sha256(key, klen, k);
	else if (klen)
		memcpy(k, key, klen);

	for (int i = 0; i < TRAWL_SHA256_BLOCK; i++)
		pad[i] = k[i] ^ 0x36;
	trawl_sha256_init(&c);
	trawl_sha256_update(&c, pad, sizeof(pad));
	trawl_sha256_update(&c, msg, mlen);
	trawl_sha256_final(&c, inner);

	for (int i = 0; i < TRAWL_SHA256_BLOCK; i++)
		pad[i] = k[i] ^ 0x5c;
	trawl_sha256_init(&c);
	trawl_sha256_update(&c, pad, sizeof(pad));
	trawl_sha256_update(&c, inner, sizeof(inner));
	trawl_sha256_final(&c, out);

	explicit_bzero(k, sizeof(k));
	explicit_bzero(pad, sizeof(pad));
	explicit_bzero(inner, sizeof(inner));
}

void trawl_hex(const uint8_t *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}
