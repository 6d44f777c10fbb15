/*
 * vcheck - run validators over lines from stdin (a test driver).
 *
 * Each input line is NAME<TAB>VALUE; for each, one output line "1" (the
 * validator named NAME accepts VALUE) or "0". The value is everything after
 * the first tab up to the newline, passed as is (no trimming). An unknown
 * validator name or a line without a tab ends the run with status 2.
 * Built for volume: tests/p1000-stdnum-oracle.py feeds it millions of lines.
 */
#include "confirm/validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	static char outbuf[1 << 16];
	char *line = NULL, *last = NULL;
	size_t cap = 0, lastcap = 0;
	ssize_t n;
	const struct trawl_validator *v = NULL;
	long lineno = 0;

	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	while ((n = getline(&line, &cap, stdin)) != -1) {
		lineno++;
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		char *tab = memchr(line, '\t', (size_t)n);
		if (!tab) {
			fprintf(stderr, "vcheck: line %ld: no tab\n", lineno);
			return 2;
		}
		*tab = '\0';
		size_t nlen = (size_t)(tab - line);
		if (!v || strcmp(last, line) != 0) {
			v = trawl_validator_find(line);
			if (!v) {
				fprintf(stderr, "vcheck: line %ld: unknown "
						"validator \"%s\"\n",
					lineno, line);
				return 2;
			}
			if (nlen + 1 > lastcap) {
				free(last);
				lastcap = nlen + 1;
				last = malloc(lastcap);
				if (!last)
					return 2;
			}
			memcpy(last, line, nlen + 1);
		}
		const char *val = tab + 1;
		size_t vlen = (size_t)(n - (ssize_t)nlen - 1);
		putchar(v->fn(val, vlen) ? '1' : '0');
		putchar('\n');
	}
	free(line);
	free(last);
	if (fflush(stdout) != 0)
		return 1;
	return 0;
}
