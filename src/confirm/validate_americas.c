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
	char buf[10];
	bool ok = false;

	if (!tv_ssn_digits(s, len, buf))
		goto out;
	if (memcmp(buf, "000", 3) == 0 || memcmp(buf, "666", 3) == 0 ||
	    buf[0] == '9' || memcmp(buf + 3, "00", 2) == 0 ||
	    memcmp(buf + 5, "0000", 4) == 0 ||
	    tv_code_in(buf, 9, "078051120 457555462 219099999"))
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

/*
 * The Brazilian numbers: k digits and two mod-11 check digits, (11 - sum
 * mod 11) mod 11 mod 10, the first over the k digits with weights w1, the
 * second over them with weights w2 and the first check digit with weight
 * 2; skip: the separators skipped anywhere. All-zero numbers reject (as
 * stdnum), and so do the other same-digit numbers: their check digits
 * compute, but the Receita Federal never issues them (stdnum accepts
 * them).
 */
static bool br_number(const char *s, size_t len, const char *skip,
		      const int *w1, const int *w2, size_t k)
{
	char buf[24];
	size_t n;
	bool ok = false;

	if (!tv_compact(s, len, skip, false, buf, sizeof buf, &n) ||
	    n != k + 2 || !tv_digits(buf, n) || tv_repdigit(buf, n))
		goto out;
	int d1 = tv_mod11_check(tv_wsum(buf, w1, k)) % 10;
	int d2 = tv_mod11_check(tv_wsum(buf, w2, k) + 2 * d1) % 10;
	ok = buf[k] - '0' == d1 && buf[k + 1] - '0' == d2;
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * br_cpf: Brazilian CPF, 11 digits with two mod-11 check digits
 * (br_number), written ddd.ddd.ddd-dd; dots, hyphens and spaces are
 * skipped anywhere.
 */
bool tv_br_cpf(const char *s, size_t len)
{
	static const int w1[9] = { 10, 9, 8, 7, 6, 5, 4, 3, 2 };
	static const int w2[9] = { 11, 10, 9, 8, 7, 6, 5, 4, 3 };

	return br_number(s, len, " -.", w1, w2, 9);
}

/*
 * br_cnpj: Brazilian company number, 14 digits with two mod-11 check
 * digits (br_number), written dd.ddd.ddd/dddd-dd; dots, slashes, hyphens
 * and spaces are skipped anywhere.
 */
bool tv_br_cnpj(const char *s, size_t len)
{
	static const int w1[12] = { 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2 };
	static const int w2[12] = { 6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3 };

	return br_number(s, len, " -./", w1, w2, 12);
}
