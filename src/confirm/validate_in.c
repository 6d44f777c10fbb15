/*
 * validate_in.c - Indian Aadhaar and PAN.
 */
#include "confirm/validate_util.h"

#include <string.h>

/*
 * in_aadhaar: 12 digits, the first 2-9, not a palindrome, Verhoeff check
 * digit last. Spaces and hyphens (dddd dddd dddd) are skipped anywhere.
 */
bool tv_in_aadhaar(const char *s, size_t len)
{
	char buf[16];
	size_t n;
	bool ok = false;

	if (!tv_compact(s, len, " -", false, buf, sizeof buf, &n) || n != 12 ||
	    !tv_digits(buf, n) || buf[0] < '2')
		goto out;
	bool palindrome = true;
	for (size_t i = 0; i < n / 2; i++)
		if (buf[i] != buf[n - 1 - i])
			palindrome = false;
	ok = !palindrome && tv_verhoeff(buf, n) == 0;
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * in_pan: Permanent Account Number, AAAAA9999A: five letters (the fourth
 * names the holder type: A B C F G H J K L P T), four digits not all zero,
 * a letter. Case-insensitive; spaces and hyphens skipped anywhere. There
 * is no check digit.
 */
bool tv_in_pan(const char *s, size_t len)
{
	char buf[16];
	size_t n;
	bool ok = tv_compact(s, len, " -", true, buf, sizeof buf, &n) &&
		  n == 10 && tv_shape(buf, "AAAAANNNNA") &&
		  strchr("ABCFGHJKLPT", buf[3]) != NULL &&
		  memcmp(buf + 5, "0000", 4) != 0;

	tv_wipe(buf, sizeof buf);
	return ok;
}
