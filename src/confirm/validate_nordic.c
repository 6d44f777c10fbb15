/*
 * validate_nordic.c - Swedish personnummer, Finnish HETU, Danish CPR.
 */
#include "confirm/validate_util.h"

#include <string.h>

/*
 * se_pnr: Swedish personal identity number, in one of the forms
 *   YYMMDD-NNNN  YYMMDD+NNNN  YYMMDDNNNN  (century: the most recent one
 *                 not after the current year; '+' marks 100 or older)
 *   YYYYMMDD-NNNN  YYYYMMDDNNNN  (YYYYMMDD+NNNN is read like '-')
 * The birth date must exist (a future date is not rejected, as in stdnum)
 * and the last ten digits must pass Luhn. No other separators.
 *
 * Beyond stdnum 1.18: coordination numbers (samordningsnummer, day of
 * month + 60) are accepted; stdnum rejects them as impossible dates.
 */
bool tv_se_pnr(const char *s, size_t len)
{
	char buf[16];
	size_t n = 0;
	bool plus = false, ok = false;
	int year;

	if (len != 10 && len != 11 && len != 12 && len != 13)
		return false;
	for (size_t i = 0; i < len; i++) {
		if ((len == 11 || len == 13) && i == len - 5) {
			if (s[i] != '-' && s[i] != '+')
				goto out;
			plus = s[i] == '+';
			continue;
		}
		if (!tv_isdigit(s[i]))
			goto out;
		buf[n++] = s[i];
	}
	const char *d = buf + (n == 12 ? 2 : 0); /* YYMMDDNNNN */
	if (n == 12) {
		year = (int)tv_num(buf, 4);
	} else {
		int ty, tm, td;
		tv_today(&ty, &tm, &td);
		int yy = (int)tv_num(d, 2);
		int century = ty / 100;
		if (yy > ty % 100)
			century--;
		if (plus)
			century--;
		year = century * 100 + yy;
	}
	int day = (int)tv_num(d + 4, 2);
	if (day > 60)
		day -= 60; /* coordination number */
	ok = tv_date_ok(year, (int)tv_num(d + 2, 2), day) && tv_luhn(d, 10);
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * fi_hetu: Finnish personal identity code DDMMYYCNNNX: birth date, century
 * sign, individual number 002-899 (900-999 are temporary and reject, as in
 * stdnum), check character "0123456789ABCDEFHJKLMNPRSTUVWXY"[DDMMYYNNN mod
 * 31]. Century signs: '+' 1800s; '-' 1900s; 'A' 2000s, plus the signs
 * added in 2023 (1900s: Y X W V U; 2000s: B C D E F), which stdnum 1.18
 * does not know. Exactly 11 characters, no separators; case-insensitive.
 */
bool tv_fi_hetu(const char *s, size_t len)
{
	static const char checks[] = "0123456789ABCDEFHJKLMNPRSTUVWXY";
	char buf[12];
	bool ok = false;
	int century;

	if (len != 11)
		return false;
	for (size_t i = 0; i < 11; i++)
		buf[i] = tv_upper(s[i]);
	buf[11] = '\0';
	if (!tv_digits(buf, 6) || !tv_digits(buf + 7, 3))
		goto out;
	char sign = buf[6];
	if (sign == '+')
		century = 1800;
	else if (sign == '-' || (sign >= 'U' && sign <= 'Y'))
		century = 1900;
	else if (sign >= 'A' && sign <= 'F')
		century = 2000;
	else
		goto out;
	int ind = (int)tv_num(buf + 7, 3);
	if (ind < 2 || ind > 899)
		goto out;
	if (!tv_date_ok(century + (int)tv_num(buf + 4, 2),
			(int)tv_num(buf + 2, 2), (int)tv_num(buf, 2)))
		goto out;
	long v = tv_num(buf, 6) * 1000 + ind;
	ok = buf[10] == checks[v % 31];
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * dk_cpr: Danish CPR number DDMMYY-SSSS. The first serial digit and YY
 * give the century (stdnum's table); the birth date must exist and not be
 * after today. The mod-11 check was abandoned in 2007, so none is applied.
 * Spaces and hyphens skipped anywhere.
 */
bool tv_dk_cpr(const char *s, size_t len)
{
	char buf[16];
	size_t n;
	bool ok = false;

	if (!tv_compact(s, len, " -", false, buf, sizeof buf, &n) || n != 10 ||
	    !tv_digits(buf, n))
		goto out;
	int yy = (int)tv_num(buf + 4, 2);
	int c = buf[6] - '0';
	int year;
	if (c >= 5 && c <= 8 && yy >= 58)
		year = 1800 + yy;
	else if (c <= 3 || ((c == 4 || c == 9) && yy >= 37))
		year = 1900 + yy;
	else
		year = 2000 + yy;
	ok = tv_born_by_today(year, (int)tv_num(buf + 2, 2), (int)tv_num(buf, 2));
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}
