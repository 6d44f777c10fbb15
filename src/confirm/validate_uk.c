/*
 * validate_uk.c - UK National Insurance number and NHS number.
 */
#include "confirm/validate_util.h"

#include <string.h>

/*
 * uk_nino: two prefix letters, six digits, a suffix letter A-D (required:
 * without it the value is too weak to report). The first prefix letter is
 * not D F I Q U V, the second not D F I O Q U V, and BG GB KN NK NT TN ZZ
 * are never allocated. Letters are case-insensitive. One space is allowed
 * between the groups of the printed form "AB 12 34 56 C" (after the
 * prefix, between digit pairs, before the suffix), so "AB123456C",
 * "AB 123456 C" and "AB 12 34 56 C" all pass; other spaces and any other
 * separator reject.
 */
bool tv_uk_nino(const char *s, size_t len)
{
	char buf[10];
	size_t n = 0;
	bool ok = false, prev_space = false;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == ' ') {
			/* only at a group boundary, once */
			if (prev_space || (n != 2 && n != 4 && n != 6 && n != 8))
				goto out;
			prev_space = true;
			continue;
		}
		if (n == 9)
			goto out;
		buf[n++] = tv_upper(s[i]);
		prev_space = false;
	}
	if (n != 9 || prev_space)
		goto out;
	if (!tv_isupper(buf[0]) || !tv_isupper(buf[1]) ||
	    !tv_digits(buf + 2, 6) || buf[8] < 'A' || buf[8] > 'D')
		goto out;
	ok = !strchr("DFIQUV", buf[0]) && !strchr("DFIOQUV", buf[1]) &&
	     !tv_code_in(buf, 2, "BG GB KN NK NT TN ZZ");
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * uk_nhs: 10 digits, the last a mod-11 check digit (weights 10..2 on the
 * first nine; a computed check of 10 means no valid number). Printed
 * 3-3-4; spaces and hyphens are skipped anywhere.
 */
bool tv_uk_nhs(const char *s, size_t len)
{
	static const int w[10] = { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 };
	char buf[16];
	size_t n;
	bool ok = tv_compact(s, len, " -", false, buf, sizeof buf, &n) &&
		  n == 10 && tv_digits(buf, n) && tv_wsum(buf, w, 10) % 11 == 0;

	tv_wipe(buf, sizeof buf);
	return ok;
}
