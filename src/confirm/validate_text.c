/*
 * validate_text.c - structural validators: e-mail addresses and JSON Web
 * Tokens. Neither has a check digit; both only confirm that what the
 * pattern matched has the shape it must have.
 */
#include "confirm/validate_util.h"

#include <string.h>

static bool email_local_char(char c)
{
	return tv_isalpha(c) || tv_isdigit(c) || c == '.' || c == '_' ||
	       c == '%' || c == '+' || c == '-';
}

/*
 * email: LOCAL@DOMAIN, exactly one '@'. LOCAL is 1-64 characters of
 * [A-Za-z0-9._%+-], not starting or ending with '.', without "..".
 * DOMAIN is at most 253 characters: at least two dot-separated labels of
 * 1-63 characters [A-Za-z0-9-], none starting or ending with '-', the
 * last (the TLD) 2-63 letters. No trailing dot, no quoting, no IP
 * literals, no internationalised (non-ASCII) names. Works in place.
 */
bool tv_email(const char *s, size_t len)
{
	const char *at = len ? memchr(s, '@', len) : NULL;

	if (!at)
		return false;
	size_t llen = (size_t)(at - s);
	const char *dom = at + 1;
	size_t dlen = len - llen - 1;

	if (llen < 1 || llen > 64 || s[0] == '.' || s[llen - 1] == '.')
		return false;
	for (size_t i = 0; i < llen; i++) {
		if (!email_local_char(s[i]))
			return false;
		if (s[i] == '.' && s[i + 1] == '.')
			return false; /* s[i+1] is inside the local part */
	}
	if (dlen < 1 || dlen > 253)
		return false;

	size_t labels = 0, start = 0;
	for (size_t i = 0; i <= dlen; i++) {
		if (i < dlen && dom[i] != '.') {
			char c = dom[i];
			if (!tv_isalpha(c) && !tv_isdigit(c) && c != '-')
				return false; /* also rejects a second '@' */
			continue;
		}
		size_t l = i - start;
		if (l < 1 || l > 63 || dom[start] == '-' || dom[i - 1] == '-')
			return false;
		labels++;
		if (i == dlen) { /* the TLD */
			if (l < 2)
				return false;
			for (size_t k = start; k < i; k++)
				if (!tv_isalpha(dom[k]))
					return false;
		}
		start = i + 1;
	}
	return labels >= 2;
}

static int b64url_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

/* True when s[0..n) is base64url text (no padding) of a whole number of
 * bytes: every character in the alphabet, n mod 4 != 1. */
static bool b64url_ok(const char *s, size_t n)
{
	if (n % 4 == 1)
		return false;
	for (size_t i = 0; i < n; i++)
		if (b64url_value(s[i]) < 0)
			return false;
	return true;
}

/* Decodes checked base64url s[0..n) into out (at most cap bytes; the rest
 * is left undecoded). Returns the number of bytes written. */
static size_t b64url_decode(const char *s, size_t n, unsigned char *out,
			    size_t cap)
{
	size_t k = 0;
	unsigned acc = 0;
	int bits = 0;

	for (size_t i = 0; i < n && k < cap; i++) {
		acc = (acc << 6) | (unsigned)b64url_value(s[i]);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[k++] = (unsigned char)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	return k;
}

static bool json_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Header cap: real JOSE headers are well under this. */
#define JWT_HEADER_MAX 1024
/* How much of the payload is decoded to find its opening brace. */
#define JWT_PAYLOAD_PEEK 48

/*
 * jwt: HEADER.PAYLOAD.SIGNATURE, three base64url segments (no '='
 * padding; a padded token is not a compact JWS). The header decodes to at
 * most 1024 bytes of JSON object text, '{' after optional whitespace,
 * containing "alg"; the payload decodes to text starting (after optional
 * whitespace within its first 48 bytes) with '{'. The signature may be
 * empty (an unsecured token, alg "none"); header and payload may not.
 */
bool tv_jwt(const char *s, size_t len)
{
	unsigned char buf[JWT_HEADER_MAX];
	const char *dot1 = len ? memchr(s, '.', len) : NULL;
	const char *dot2, *end = s + len;
	bool ok = false;
	size_t n, i;

	if (!dot1)
		return false;
	dot2 = memchr(dot1 + 1, '.', (size_t)(end - dot1 - 1));
	if (!dot2)
		return false;
	size_t hlen = (size_t)(dot1 - s);
	size_t plen = (size_t)(dot2 - dot1 - 1);
	size_t slen = (size_t)(end - dot2 - 1);
	if (hlen == 0 || plen == 0 || !b64url_ok(s, hlen) ||
	    !b64url_ok(dot1 + 1, plen) || !b64url_ok(dot2 + 1, slen))
		return false; /* a third '.' fails b64url_ok */
	if (hlen / 4 * 3 + (hlen % 4 ? hlen % 4 - 1 : 0) > JWT_HEADER_MAX)
		return false;

	n = b64url_decode(s, hlen, buf, sizeof buf);
	for (i = 0; i < n && json_ws(buf[i]); i++)
		;
	if (i == n || buf[i] != '{' || !memmem(buf, n, "\"alg\"", 5))
		goto out;

	n = b64url_decode(dot1 + 1, plen, buf, JWT_PAYLOAD_PEEK);
	for (i = 0; i < n && json_ws(buf[i]); i++)
		;
	ok = i < n && buf[i] == '{';
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * An AWS secret access key: exactly 40 characters of base64 (letters,
 * digits, '/', '+') with at least one upper-case and one lower-case letter.
 * A 40-character hex digest (a commit id, a SHA-1) has no upper case; a
 * real key lacks one or the other with a chance of about 1 in 10^9.
 */
bool tv_aws_secret(const char *s, size_t len)
{
	bool up = false, low = false;
	if (len != 40)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			up = true;
		else if (c >= 'a' && c <= 'z')
			low = true;
		else if (!(c >= '0' && c <= '9') && c != '/' && c != '+')
			return false;
	}
	return up && low;
}
