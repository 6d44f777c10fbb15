/*
 * validate_luhn.c - plain Luhn mod 10 and payment card numbers.
 */
#include "confirm/validate_util.h"

#include <stdint.h>

/*
 * luhn: a digit string of length >= 2 whose Luhn checksum is 0.
 * Spaces and hyphens are skipped wherever they stand; any other non-digit
 * rejects. (python-stdnum's luhn also accepts a single digit; a lone digit
 * is no identifier, so this does not.) Works on the span in place: nothing
 * is copied.
 */
bool tv_luhn_plain(const char *s, size_t len)
{
	unsigned sum = 0;
	size_t ndig = 0;

	for (size_t i = len; i-- > 0;) {
		char c = s[i];
		if (c == ' ' || c == '-')
			continue;
		if (!tv_isdigit(c))
			return false;
		unsigned d = (unsigned)(c - '0');
		if (ndig++ & 1) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return ndig >= 2 && sum % 10 == 0;
}

/* Bit n set: the issuer issues n-digit numbers. */
#define LENS(a, b) ((uint32_t)(((1u << ((b) + 1)) - 1) & ~((1u << (a)) - 1)))
#define LEN1(a) ((uint32_t)(1u << (a)))

struct card_range {
	unsigned digits; /* how many leading digits lo/hi describe */
	unsigned lo, hi;
	uint32_t lens;
};

/*
 * Issuer prefixes and the lengths each issues (no oracle exists for this
 * table; tests/unit/test_validators.c covers every row). A number is
 * accepted when any row matches its prefix and its length.
 */
static const struct card_range card_ranges[] = {
	{ 2, 34, 34, LEN1(15) },                        /* Amex */
	{ 2, 37, 37, LEN1(15) },                        /* Amex */
	{ 1, 4, 4, LEN1(13) | LEN1(16) | LEN1(19) },   /* Visa */
	{ 4, 4026, 4026, LEN1(16) },                   /* Visa Electron */
	{ 6, 417500, 417500, LEN1(16) },               /* Visa Electron */
	{ 4, 4508, 4508, LEN1(16) },                   /* Visa Electron */
	{ 4, 4844, 4844, LEN1(16) },                   /* Visa Electron */
	{ 4, 4913, 4913, LEN1(16) },                   /* Visa Electron */
	{ 4, 4917, 4917, LEN1(16) },                   /* Visa Electron */
	{ 2, 51, 55, LEN1(16) },                       /* Mastercard */
	{ 4, 2221, 2720, LEN1(16) },                   /* Mastercard */
	{ 4, 6011, 6011, LENS(16, 19) },               /* Discover */
	{ 3, 644, 649, LENS(16, 19) },                 /* Discover */
	{ 2, 65, 65, LENS(16, 19) },                   /* Discover */
	{ 6, 622126, 622925, LENS(16, 19) },           /* Discover */
	{ 3, 300, 305, LENS(14, 19) },                 /* Diners Club */
	{ 2, 36, 36, LENS(14, 19) },                   /* Diners Club */
	{ 2, 38, 39, LENS(14, 19) },                   /* Diners Club */
	{ 4, 3528, 3589, LENS(16, 19) },               /* JCB */
	{ 2, 62, 62, LENS(16, 19) },                   /* UnionPay */
	{ 4, 5019, 5019, LEN1(16) },                   /* Dankort */
	{ 2, 50, 50, LENS(12, 19) },                   /* Maestro */
	{ 2, 56, 58, LENS(12, 19) },                   /* Maestro */
	{ 4, 6304, 6304, LENS(12, 19) },               /* Maestro */
	{ 4, 6759, 6759, LENS(12, 19) },               /* Maestro */
	{ 6, 676770, 676770, LENS(12, 19) },           /* Maestro */
	{ 6, 676774, 676774, LENS(12, 19) },           /* Maestro */
};

/*
 * luhn_card: a payment card number. 12-19 digits once spaces and hyphens
 * (anywhere) are removed, Luhn valid, and the leading digits and length
 * belong to an issuer in card_ranges (12 digits only for Maestro, which
 * issues them; every other issuer starts at 13). No other characters.
 */
bool tv_luhn_card(const char *s, size_t len)
{
	char buf[24];
	size_t n;
	bool ok = false;

	if (!tv_compact(s, len, " -", false, buf, sizeof buf, &n))
		goto out;
	if (n < 12 || n > 19 || !tv_digits(buf, n))
		goto out;
	for (size_t i = 0; i < sizeof card_ranges / sizeof card_ranges[0]; i++) {
		const struct card_range *r = &card_ranges[i];
		unsigned p = (unsigned)tv_num(buf, r->digits);
		if (p >= r->lo && p <= r->hi && (r->lens & LEN1(n))) {
			ok = true;
			break;
		}
	}
	ok = ok && tv_luhn(buf, n);
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}
