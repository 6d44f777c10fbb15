#include <ctype.h>
#include <string.h>

#include "report/output.h"
#include "trawl/trawl.h"

void trawl_mask(const char *s, size_t len, char *out, size_t outlen)
{
	size_t alnum = 0, seen = 0, o = 0;
	if (!outlen)
		return;
	for (size_t i = 0; i < len; i++)
		alnum += isalnum((unsigned char)s[i]) != 0;
	for (size_t i = 0; i < len && o + 1 < outlen; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isalnum(c)) {
			out[o++] = ++seen + 4 > alnum ? (char)c : '*';
		} else if (c < 0x20 || c >= 0x7F) {
			out[o++] = '?';
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
}

/* Characters (UTF-8 lead bytes and invalid bytes) in s[0..len). */
static size_t chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

void trawl_redact(const char *s, size_t len, char out[TRAWL_REDACT_MAX])
{
	size_t n = chars(s, len), keep = n > 8 ? 4 : 0, o = 0;
	size_t stars = n - keep;
	if (stars > TRAWL_REDACT_MAX - 5)
		stars = TRAWL_REDACT_MAX - 5;
	memset(out, '*', stars);
	o = stars;
	/* the last keep characters, from the end */
	size_t i = len, k = 0;
	while (k < keep && i > 0) {
		i--;
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			k++;
	}
	for (; i < len && o + 1 < TRAWL_REDACT_MAX; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80 && (c & 0xC0) == 0x80)
			continue; /* a continuation byte: its character is one '?' */
		out[o++] = c >= 0x20 && c < 0x7F ? (char)c : '?';
	}
	out[o] = '\0';
}
