/*
 * validate_americas.c - US SSN, Canadian SIN, Brazilian CPF and CNPJ.
 */
#include "confirm/validate_util.h"

#include <string.h>

/*
 * us_ssn: area-group-serial, in exactly one of the forms ddd-dd-dddd,
 * ddd dd dddd or ddddddddd (mixed or misplaced separators reject). Area 000,
 * 666 and 900-999, group 00 and serial 0000 are never issued; the numbers
 * python-stdnum blacklists (078-05-1120 from the Woolworth wallet card,
 * 457-55-5462 and 219-09-9999 from advertising) reject too. There is no
 * check digit.
 */
bool tv_us_ssn(const char *s, size_t len)
{
	static const char *const blacklist[] = { "078051120", "457555462",
						 "219099999" };
	char buf[10];
	bool ok = false;

	if (len == 9) {
		memcpy(buf, s, 9);
	} else if (len == 11 && (s[3] == '-' || s[3] == ' ') && s[6] == s[3]) {
		memcpy(buf, s, 3);
		memcpy(buf + 3, s + 4, 2);
		memcpy(buf + 5, s + 7, 4);
	} else {
		return false;
	}
	buf[9] = '\0';
	if (!tv_digits(buf, 9))
		goto out;
	if (memcmp(buf, "000", 3) == 0 || memcmp(buf, "666", 3) == 0 ||
	    buf[0] == '9' || memcmp(buf + 3, "00", 2) == 0 ||
	    memcmp(buf + 5, "0000", 4) == 0)
		goto out;
	for (size_t i = 0; i < sizeof blacklist / sizeof blacklist[0]; i++)
		if (memcmp(buf, blacklist[i], 9) == 0)
			goto out;
	ok = true;
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * ca_sin: Canadian Social Insurance Number, 9 digits, Luhn valid (as
 * stdnum.ca.sin: no restriction on the first digit). Spaces and hyphens
 * (ddd-ddd-ddd, ddd ddd ddd) are skipped anywhere.
 */
bool tv_ca_sin(const char *s, size_t len)
{
	char buf[16];
	size_t n;
	bool ok = tv_compact(s, len, " -", false, buf, sizeof buf, &n) &&
		  n == 9 && tv_digits(buf, n) && tv_luhn(buf, n);

	tv_wipe(buf, sizeof buf);
	return ok;
}

/* (11 - sum) mod 11 mod 10, with Python's non-negative modulo. */
static int br_digit(long sum)
{
	return (int)((11 - sum % 11) % 11 % 10);
}

/*
 * br_cpf: Brazilian CPF, 11 digits with two mod-11 check digits, written
 * ddd.ddd.ddd-dd; dots, hyphens and spaces are skipped anywhere.
 * All-zero numbers reject (as stdnum), and so do the other ten
 * same-digit numbers (111.111.111-11 ...): their check digits compute,
 * but the Receita Federal never issues them (stdnum accepts them).
 */
bool tv_br_cpf(const char *s, size_t len)
{
	static const int w1[9] = { 10, 9, 8, 7, 6, 5, 4, 3, 2 };
	static const int w2[9] = { 11, 10, 9, 8, 7, 6, 5, 4, 3 };
	char buf[16];
	size_t n;
	bool ok = false;

	if (!tv_compact(s, len, " -.", false, buf, sizeof buf, &n) || n != 11 ||
	    !tv_digits(buf, n) || tv_repdigit(buf, n))
		goto out;
	int d1 = br_digit(tv_wsum(buf, w1, 9));
	int d2 = br_digit(tv_wsum(buf, w2, 9) + 2 * d1);
	ok = buf[9] - '0' == d1 && buf[10] - '0' == d2;
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * br_cnpj: Brazilian company number, 14 digits with two mod-11 check
 * digits, written dd.ddd.ddd/dddd-dd; dots, slashes, hyphens and spaces are
 * skipped anywhere. Same-digit numbers reject (see br_cpf).
 */
bool tv_br_cnpj(const char *s, size_t len)
{
	static const int w1[12] = { 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2 };
	static const int w2[12] = { 6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3 };
	char buf[24];
	size_t n;
	bool ok = false;

	if (!tv_compact(s, len, " -./", false, buf, sizeof buf, &n) ||
	    n != 14 || !tv_digits(buf, n) || tv_repdigit(buf, n))
		goto out;
	int d1 = br_digit(tv_wsum(buf, w1, 12));
	int d2 = br_digit(tv_wsum(buf, w2, 12) + 2 * d1);
	ok = buf[12] - '0' == d1 && buf[13] - '0' == d2;
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}
