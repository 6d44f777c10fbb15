/*
 * chars.h - small character and name helpers shared by the parsers and the
 * engine.
 */
#ifndef TRAWL_UTIL_CHARS_H
#define TRAWL_UTIL_CHARS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

/* Built with AddressSanitizer (gcc defines the first, clang the second):
 * address-space limits cannot apply then (its shadow memory is huge). */
#if defined(__SANITIZE_ADDRESS__)
#define TRAWL_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TRAWL_UNDER_ASAN 1
#endif
#endif

/* The value of a hexadecimal digit, or -1. */
static inline int trawl_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The extension of a file name: what follows the last '.' of its last
 * path element (borrowed from name), or "" when there is none. */
static inline const char *trawl_extension(const char *name)
{
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	const char *dot = strrchr(base, '.');
	return dot && dot != base ? dot + 1 : "";
}

/* Does s[0..n), after leading white space, start with prefix (ASCII case
 * ignored)? */
static inline bool trawl_starts_ci(const char *s, size_t n, const char *prefix)
{
	size_t pl = strlen(prefix);
	while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
		s++, n--;
	return n >= pl && !strncasecmp(s, prefix, pl);
}

/* Line breaks ('\n') in p[0..n). */
static inline uint64_t trawl_count_nl(const char *p, size_t n)
{
	uint64_t c = 0;
	for (const char *e = p + n; (p = memchr(p, '\n', (size_t)(e - p))); p++)
		c++;
	return c;
}

#endif
