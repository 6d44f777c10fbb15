#include <ctype.h>
#include <string.h>

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
