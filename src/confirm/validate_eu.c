/*
 * validate_eu.c - personal numbers of Germany, France, Italy, Spain, the
 * Netherlands, Poland and Belgium. Each follows python-stdnum 1.18's
 * is_valid for the same number (tests/p1000-stdnum-oracle.py checks it);
 * where a validator deliberately differs, its comment says so.
 */
#include "confirm/validate_util.h"

#include <string.h>

/*
 * de_idnr: German tax id (Steuer-IdNr), 11 digits, not starting with 0. In
 * the first ten digits exactly one digit occurs two or three times and no
 * other repeats; the last is an ISO 7064 Mod 11,10 check digit. Spaces,
 * hyphens, dots and slashes are skipped anywhere ("36 574 261 809").
 */
bool tv_de_idnr(const char *s, size_t len)
{
	char buf[16];
	size_t n;
	int count[10] = { 0 };
	int repeated = 0, times = 0;
	bool ok = false;

	if (!tv_compact(s, len, " -./", false, buf, sizeof buf, &n) || n != 11 ||
	    !tv_digits(buf, n) || buf[0] == '0')
		goto out;
	for (size_t i = 0; i < 10; i++)
		count[buf[i] - '0']++;
	for (int d = 0; d < 10; d++) {
		if (count[d] > 1) {
			repeated++;
			times = count[d];
		}
	}
	ok = repeated == 1 && (times == 2 || times == 3) &&
	     tv_mod11_10(buf, n) == 1;
out:
	tv_wipe(buf, sizeof buf);
	tv_wipe(count, sizeof count);
	return ok;
}

/*
 * fr_nir: French social security number (NIR), 15 characters: sex, year,
 * month, five-character place of birth whose department may be 2A or 2B
 * (Corsica), serial, and a two-digit key 97 - (first 13 mod 97), with 2A
 * counted as 19 and 2B as 18. Spaces and dots are skipped anywhere
 * ("2 95 10 99 126 111 93"); letters case-insensitive. Like stdnum, the
 * embedded month is not checked (the register uses fictitious months).
 */
bool tv_fr_nir(const char *s, size_t len)
{
	char buf[24];
	size_t n;
	bool ok = false;

	if (!tv_compact(s, len, " .", true, buf, sizeof buf, &n) || n != 15)
		goto out;
	if (!tv_digits(buf, 5) || !tv_digits(buf + 7, 8))
		goto out;
	if (buf[5] == '2' && (buf[6] == 'A' || buf[6] == 'B'))
		buf[6] = buf[6] == 'A' ? '9' : '8', buf[5] = '1';
	else if (!tv_digits(buf + 5, 2))
		goto out;
	ok = 97 - tv_mod_dec(buf, 13, 97) == (unsigned)tv_num(buf + 13, 2);
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/* Codice fiscale: digits and their omocodia replacement letters. */
static int cf_digit(char c)
{
	static const char omocodia[] = "LMNPQRSTUV";
	const char *p;

	if (tv_isdigit(c))
		return c - '0';
	if (c && (p = strchr(omocodia, c)) != NULL)
		return (int)(p - omocodia);
	return -1;
}

/*
 * it_cf: Italian codice fiscale of a person, 16 characters: six letters
 * (surname, name), year (2), month letter, day (2; +40 for women), place
 * letter and three digits, check letter. Digits of the date and place may
 * be replaced by the omocodia letters L M N P Q R S T U V. The birth date
 * must exist, the year read as 1920-2019 (stdnum's default). The 11-digit
 * form is a company VAT number, not a personal id, and rejects. Spaces
 * and hyphens are skipped anywhere; case-insensitive.
 */
bool tv_it_cf(const char *s, size_t len)
{
	static const char months[] = "ABCDEHLMPRST";
	static const int date_pos[7] = { 6, 7, 9, 10, 12, 13, 14 };
	char buf[24];
	size_t n;
	bool ok = false;

	if (!tv_compact(s, len, " -", true, buf, sizeof buf, &n) || n != 16)
		goto out;
	for (size_t i = 0; i < 6; i++)
		if (!tv_isupper(buf[i]))
			goto out;
	for (size_t i = 0; i < 7; i++)
		if (cf_digit(buf[date_pos[i]]) < 0)
			goto out;
	if (!tv_isupper(buf[8]) || !strchr(months, buf[8]) ||
	    !tv_isupper(buf[11]) || !tv_isupper(buf[15]))
		goto out;
	if (buf[15] != tv_cf_check(buf, 15))
		goto out;
	int year = cf_digit(buf[6]) * 10 + cf_digit(buf[7]) + 1900;
	if (year < 1920)
		year += 100;
	int month = (int)(strchr(months, buf[8]) - months) + 1;
	int day = (cf_digit(buf[9]) * 10 + cf_digit(buf[10])) % 40;
	ok = tv_date_ok(year, month, day);
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * es_dni: Spanish DNI, 8 digits and the check letter of number mod 23
 * ("54362315-K", "54.362.315-K"). Spaces, hyphens and dots skipped
 * anywhere (stdnum takes no dots); case-insensitive.
 */
bool tv_es_dni(const char *s, size_t len)
{
	char buf[16];
	size_t n;
	bool ok = tv_compact(s, len, " -.", true, buf, sizeof buf, &n) &&
		  n == 9 && tv_digits(buf, 8) &&
		  buf[8] == tv_dni_letter(tv_num(buf, 8));

	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * es_nie: Spanish foreigner number, X/Y/Z (read as 0/1/2), 7 digits, the
 * DNI check letter ("X-2482300-W"). Spaces and hyphens skipped anywhere;
 * case-insensitive.
 */
bool tv_es_nie(const char *s, size_t len)
{
	char buf[16];
	size_t n;
	bool ok = false;

	if (!tv_compact(s, len, " -", true, buf, sizeof buf, &n) || n != 9 ||
	    buf[0] < 'X' || buf[0] > 'Z' || !tv_digits(buf + 1, 7))
		goto out;
	buf[0] = (char)('0' + (buf[0] - 'X'));
	ok = buf[8] == tv_dni_letter(tv_num(buf, 8));
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * nl_bsn: Dutch citizen service number, 9 digits, not all zero, passing
 * the "elfproef" (weights 9..2, the last digit -1, sum divisible by 11).
 * Written dddd.dd.ddd; dots, spaces and hyphens skipped anywhere. Unlike
 * stdnum, which zero-pads shorter input, exactly 9 digits are required.
 */
bool tv_nl_bsn(const char *s, size_t len)
{
	static const int w[9] = { 9, 8, 7, 6, 5, 4, 3, 2, -1 };
	char buf[16];
	size_t n;
	bool ok = tv_compact(s, len, " -.", false, buf, sizeof buf, &n) &&
		  n == 9 && tv_digits(buf, n) && tv_num(buf, n) > 0 &&
		  tv_wsum(buf, w, 9) % 11 == 0;

	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * pl_pesel: Polish PESEL, 11 digits: YYMMDD (month + 20/40/60/80 for the
 * 2000s/2100s/2200s/1800s), serial, check digit (weights 1 3 7 9). The
 * birth date must exist; like stdnum, a future date is not rejected.
 * Spaces and hyphens skipped anywhere.
 */
bool tv_pl_pesel(const char *s, size_t len)
{
	static const int w[10] = { 1, 3, 7, 9, 1, 3, 7, 9, 1, 3 };
	static const int century[5] = { 1900, 2000, 2100, 2200, 1800 };
	char buf[16];
	size_t n;
	bool ok = false;

	if (!tv_compact(s, len, " -", false, buf, sizeof buf, &n) || n != 11 ||
	    !tv_digits(buf, n))
		goto out;
	if ((10 - tv_wsum(buf, w, 10) % 10) % 10 != buf[10] - '0')
		goto out;
	int month = (int)tv_num(buf + 2, 2);
	ok = tv_date_ok(century[month / 20] + (int)tv_num(buf, 2), month % 20,
			(int)tv_num(buf + 4, 2));
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * be_nn: Belgian national number, 11 digits YYMMDD-SSS-CC, CC = 97 - (the
 * first nine mod 97); for people born from 2000 the nine digits are
 * prefixed with 2 (tried only when 20YY is not after the current year).
 * As in stdnum 1.18 the date itself is not checked: numbers of people
 * with an unknown birth date have month or day 00, and BIS numbers add
 * 20 or 40 to the month. Dots, hyphens and spaces skipped anywhere
 * ("85.07.30-033.28").
 */
bool tv_be_nn(const char *s, size_t len)
{
	char buf[16];
	size_t n;
	bool ok = false;
	int y, m, d;

	if (!tv_compact(s, len, " -.", false, buf, sizeof buf, &n) || n != 11 ||
	    !tv_digits(buf, n) || (tv_repdigit(buf, n) && buf[0] == '0'))
		goto out;
	unsigned check = (unsigned)tv_num(buf + 9, 2);
	unsigned r = tv_mod_dec(buf, 9, 97);
	if (97 - r == check) {
		ok = true;
		goto out;
	}
	tv_today(&y, &m, &d);
	if (2000 + tv_num(buf, 2) <= y) {
		/* "2" followed by nine digits: 2e9 mod 97 is 2e9 % 97 */
		r = (unsigned)((2000000000UL % 97 + r) % 97);
		ok = 97 - r == check;
	}
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}
