/*
 * validate_europe.c - validators: national identification and tax numbers
 * of EU/EEA countries, the UK and Switzerland (issue 5, part 2).
 *
 * Where python-stdnum 1.18 has the number, the validator follows its
 * is_valid (tests/p1010-stdnum-europe.py compares them on 100,000
 * candidates each); every deliberate difference is stated in the comment
 * above the function ("stdnum differs") and unit-tested in
 * tests/unit/test_validators_europe.c. The others (Hungary, Luxembourg,
 * Malta) follow the published national rules cited in their comments.
 *
 * Separators: each comment lists the characters skipped; anything else
 * that is not part of the number rejects. Dates are proleptic Gregorian
 * (tv_date_ok); "not in the future" means not after today (tv_today).
 */
#include "confirm/validate.h"
#include "confirm/validate_util.h"

#include <string.h>

/* Longest compacted value here is 13 characters; room for the NUL. */
#define EU_BUF 24

/*
 * Copies s[0..len) into buf without the characters in skip (letters folded
 * to upper case) and checks that exactly want characters remain, the
 * first ndig of them ASCII digits. The caller wipes buf.
 */
static bool take(const char *s, size_t len, const char *skip, char *buf,
		 size_t want, size_t ndig)
{
	size_t n;

	if (len == 0 || len > 4 * EU_BUF)
		return false;
	if (!tv_compact(s, len, skip, true, buf, EU_BUF, &n) || n != want)
		return false;
	return ndig == 0 || tv_digits(buf, ndig);
}

static int dig(char c)
{
	return c - '0';
}

/* Days since 1970-01-01 of a proleptic Gregorian date (y >= 1). */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = y / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* ------------------------------------------------------------ Austria */

/*
 * at_vnr: Austrian social insurance number (Sozialversicherungsnummer,
 * VSNR), 10 digits NNNC DDMMYY: a serial not starting with 0, a check
 * digit, and a birth date that is not checked (fictitious dates are
 * issued). Check digit: sum of weights 3 7 9 _ 5 8 4 2 1 6 over the other
 * digits, mod 11 (a remainder of 10 is never issued). Spaces skipped
 * anywhere ("1237 010180").
 */
static bool tv_at_vnr(const char *s, size_t len)
{
	static const int w[10] = { 3, 7, 9, 0, 5, 8, 4, 2, 1, 6 };
	char buf[EU_BUF];
	bool ok = take(s, len, " ", buf, 10, 10) && buf[0] != '0' &&
		  tv_wsum(buf, w, 10) % 11 == dig(buf[3]);

	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * at_tin: Austrian tax number (Abgabenkontonummer / Steuernummer), 9
 * digits: tax office (one of the 40 Finanzamtsnummern in stdnum's list),
 * 6-digit subject number, check digit: the Luhn-like sum of the first
 * eight (digits in odd places doubled with their digit sum) must make the
 * total a multiple of 10. Written "59-119/9013"; spaces, hyphens and
 * slashes skipped anywhere.
 */
static bool tv_at_tin(const char *s, size_t len)
{
	static const char offices[] = "03 04 06 07 08 09 10 12 15 16 18 22 "
				      "23 29 33 38 41 46 51 52 53 54 57 59 "
				      "61 65 67 68 69 71 72 81 82 83 84 90 "
				      "91 93 97 98";
	static const char dbl[] = "0246813579";
	char buf[EU_BUF];
	bool ok = false;
	int sum = 0;

	if (!take(s, len, " -/", buf, 9, 9))
		goto out;
	for (size_t i = 0; i < 8; i++)
		sum += i % 2 ? dig(dbl[dig(buf[i])]) : dig(buf[i]);
	if ((10 - sum % 10) % 10 != dig(buf[8]))
		goto out;
	ok = tv_code_in(buf, 2, offices);
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/* ----------------------------------------------------------- Bulgaria */

/*
 * bg_egn: Bulgarian uniform civil number (EGN), 10 digits YYMMDD SSS C.
 * The month carries the century (+20: 1800s, +40: 2000s); the date must
 * exist. Check digit: weights 2 4 8 5 10 9 7 3 6, mod 11, then mod 10.
 * Digits only, no separators.
 */
static bool tv_bg_egn(const char *s, size_t len)
{
	static const int w[9] = { 2, 4, 8, 5, 10, 9, 7, 3, 6 };
	char buf[EU_BUF];
	bool ok = false;

	if (!take(s, len, "", buf, 10, 10))
		goto out;
	int y = 1900 + (int)tv_num(buf, 2), m = (int)tv_num(buf + 2, 2);
	if (m > 40)
		y += 100, m -= 40;
	else if (m > 20)
		y -= 100, m -= 20;
	ok = tv_date_ok(y, m, (int)tv_num(buf + 4, 2)) &&
	     tv_wsum(buf, w, 9) % 11 % 10 == dig(buf[9]);
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/* ------------------------------------------------------------ Croatia */

/*
 * hr_oib: Croatian personal identification number (OIB), 11 digits, ISO
 * 7064 Mod 11,10 check digit. Digits only: the "HR" prefix marks the VAT
 * number and rejects (stdnum differs: it strips it).
 */
static bool tv_hr_oib(const char *s, size_t len)
{
	char buf[EU_BUF];
	bool ok = take(s, len, "", buf, 11, 11) && tv_mod11_10(buf, 11) == 1;

	tv_wipe(buf, sizeof buf);
	return ok;
}

/* ------------------------------------------------------------- Cyprus */

/*
 * cy_tic: Cypriot tax identification code (TIC), 8 digits and a check
 * letter: digits in even places (1st, 3rd, ...) count 1 0 5 7 9 13 15 17
 * 19 21 for 0-9, the others their value; the letter is A + sum mod 26.
 * Numbers starting 12 are not issued. No separators; the letter is
 * case-insensitive. (The same rule as stdnum's cy.vat, without the CY
 * prefix.)
 */
static bool tv_cy_tic(const char *s, size_t len)
{
	static const int even[10] = { 1, 0, 5, 7, 9, 13, 15, 17, 19, 21 };
	char buf[EU_BUF];
	bool ok = false;
	int sum = 0;

	if (!take(s, len, "", buf, 9, 8) || (buf[0] == '1' && buf[1] == '2'))
		goto out;
	for (size_t i = 0; i < 8; i++)
		sum += i % 2 ? dig(buf[i]) : even[dig(buf[i])];
	ok = buf[8] == 'A' + sum % 26;
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/* --------------------------------------------- Czech Republic, Slovakia */

/*
 * cz_rc: Czech and Slovak birth number (rodné číslo), YYMMDD/SSS (before
 * 1954, no check digit) or YYMMDD/SSSC. The month is 01-12, +50 for women,
 * +20 when a day's serials ran out (since 2004): 01-12, 21-32, 51-62 or
 * 71-82 (stdnum differs: it also takes 41-49 and 91-99). The date must
 * exist. Nine digits are years 1880-1953 only; ten digits are 1954-2053,
 * checked by the first nine mod 11 (mod 11 mod 10 before 1985). Slashes and
 * spaces skipped anywhere ("710319/2745").
 */
static bool tv_cz_rc(const char *s, size_t len)
{
	char buf[EU_BUF];
	size_t n;
	bool ok = false;

	if (len == 0 || len > 4 * EU_BUF ||
	    !tv_compact(s, len, " /", false, buf, EU_BUF, &n) ||
	    (n != 9 && n != 10) || !tv_digits(buf, n))
		goto out;
	int y = 1900 + (int)tv_num(buf, 2), mm = (int)tv_num(buf + 2, 2);
	int m = mm % 50 % 20;
	if (mm > 50)
		mm -= 50;
	if (mm > 20)
		mm -= 20;
	if (mm != m) /* not one of the four month ranges */
		goto out;
	if (n == 9) {
		if (y >= 1980)
			y -= 100;
		if (y > 1953)
			goto out;
	} else if (y < 1954) {
		y += 100;
	}
	int d = (int)tv_num(buf + 4, 2);
	if (!tv_date_ok(y, m, d))
		goto out;
	if (n == 10) {
		unsigned c = tv_mod_dec(buf, 9, 11);
		if (tv_date_cmp(y, m, d, 1985, 1, 1) < 0)
			c %= 10;
		if (c != (unsigned)dig(buf[9]))
			goto out;
	}
	ok = true;
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/* ------------------------------------------------- Estonia, Lithuania */

/* Birth date of an Estonian or Lithuanian code: the first digit gives
 * the century (1-2: 1800s, 3-4: 1900s, 5-6: 2000s, 7-8: 2100s). */
static bool baltic_date(const char *buf)
{
	int c = dig(buf[0]);

	if (c < 1 || c > 8)
		return false;
	return tv_date_ok(1800 + (c - 1) / 2 * 100 + (int)tv_num(buf + 1, 2),
			  (int)tv_num(buf + 3, 2), (int)tv_num(buf + 5, 2));
}

/* Check digit of an Estonian or Lithuanian code: weights 1-9,1 mod 11;
 * a remainder of 10 retries with weights 3-9,1-3; 10 again gives 0. */
static int baltic_check(const char *buf)
{
	int a = 0, b = 0;

	for (int i = 0; i < 10; i++) {
		a += (i % 9 + 1) * dig(buf[i]);
		b += ((i + 2) % 9 + 1) * dig(buf[i]);
	}
	if (a % 11 != 10)
		return a % 11;
	return b % 11 % 10;
}

/*
 * ee_ik: Estonian personal identification code (isikukood), 11 digits
 * GYYMMDDSSSC: century and sex, birth date (must exist), serial, check
 * digit (baltic_check). Digits only.
 */
static bool tv_ee_ik(const char *s, size_t len)
{
	char buf[EU_BUF];
	bool ok = take(s, len, "", buf, 11, 11) && baltic_date(buf) &&
		  baltic_check(buf) == dig(buf[10]);

	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * lt_ak: Lithuanian personal code (asmens kodas), the Estonian structure
 * and check digit; a first digit 9 marks a code issued without a birth
 * date (its date part is not checked). Digits only.
 */
static bool tv_lt_ak(const char *s, size_t len)
{
	char buf[EU_BUF];
	bool ok = take(s, len, "", buf, 11, 11) &&
		  (buf[0] == '9' || baltic_date(buf)) &&
		  baltic_check(buf) == dig(buf[10]);

	tv_wipe(buf, sizeof buf);
	return ok;
}

/* ------------------------------------------------------------- France */

/* ------------------------------------------------------------ Germany */

/*
 * de_stnr: German tax number (Steuernummer). It has no check digit anyone
 * can compute without the Land's rules, so this is stdnum's structure
 * check: 10 or 11 digits (a regional number: every Land's regional form
 * is plain digits of that length), or the 13-digit federal form whose
 * Land prefix is one of 28 9 11 30 24 22 26 40 23 5 27 10 32 31 21 41
 * followed by the office digits and a 0. The identifier's pattern asks
 * for the written structure (slashes). Spaces and slashes skipped
 * anywhere ("181/815/08155").
 */
static bool tv_de_stnr(const char *s, size_t len)
{
	static const char lands[] = "28 11 30 24 22 26 40 23 27 10 32 31 21 41";
	char buf[EU_BUF];
	size_t n;
	bool ok = false;

	if (len == 0 || len > 4 * EU_BUF ||
	    !tv_compact(s, len, " /", false, buf, EU_BUF, &n) ||
	    !tv_digits(buf, n))
		goto out;
	if (n == 10 || n == 11) {
		ok = true;
	} else if (n == 13 && buf[4] == '0') {
		ok = buf[0] == '9' || buf[0] == '5' || tv_code_in(buf, 2, lands);
	}
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/* ------------------------------------------------------------- Greece */

/*
 * gr_amka: Greek social security number (AMKA), 11 digits DDMMYY SSSSC:
 * a birth date that exists in the 1900s or the 2000s, and Luhn over all
 * eleven. Digits only.
 */
static bool tv_gr_amka(const char *s, size_t len)
{
	char buf[EU_BUF];
	bool ok = false;

	if (!take(s, len, "", buf, 11, 11) || !tv_luhn(buf, 11))
		goto out;
	int d = (int)tv_num(buf, 2), m = (int)tv_num(buf + 2, 2);
	int yy = (int)tv_num(buf + 4, 2);
	ok = tv_date_ok(1900 + yy, m, d) || tv_date_ok(2000 + yy, m, d);
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * gr_afm: Greek tax registration number (AFM), 9 digits: the first eight
 * read as a binary-weighted sum (c = 2c + digit), the check is 2c mod 11
 * mod 10. Digits only; the old 8-digit form and the EL prefix reject
 * (stdnum differs: it pads the one and strips the other).
 */
static bool tv_gr_afm(const char *s, size_t len)
{
	char buf[EU_BUF];
	bool ok = false;
	long c = 0;

	if (!take(s, len, "", buf, 9, 9))
		goto out;
	for (size_t i = 0; i < 8; i++)
		c = c * 2 + dig(buf[i]);
	ok = c * 2 % 11 % 10 == dig(buf[8]);
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/* ------------------------------------------------------------ Hungary */

/*
 * hu_pin: Hungarian personal identification number (személyi azonosító,
 * "személyi szám"), 11 digits G YYMMDD SSS C (Act XX of 1996, annex 3).
 * G is sex and origin: 1-2 born 1900-1999; 3-4 born from 2000 (before
 * 1999 they marked births in the 1800s); 5-6 settlers before 2000 (born
 * 1900s); 7-8 immigrants and refugees (century not given). The check digit
 * is the sum of the first ten times 1..10 mod 11 for births before
 * 1997-01-01, times 10..1 after; a remainder of 10 is never issued. Valid
 * when some century G allows gives a date that exists, is not in the
 * future and whose rule matches. Spaces and hyphens skipped anywhere.
 */
static bool tv_hu_pin(const char *s, size_t len)
{
	/* bit k set: the century 1800 + 100 k is possible */
	static const int centuries[9] = { 0, 2, 2, 5, 5, 2, 2, 7, 7 };
	char buf[EU_BUF];
	bool ok = false;
	int asc = 0, desc = 0;

	if (!take(s, len, " -", buf, 11, 11) || buf[0] < '1' || buf[0] > '8')
		goto out;
	for (int i = 0; i < 10; i++) {
		asc += (i + 1) * dig(buf[i]);
		desc += (10 - i) * dig(buf[i]);
	}
	int yy = (int)tv_num(buf + 1, 2), m = (int)tv_num(buf + 3, 2);
	int d = (int)tv_num(buf + 5, 2), c = dig(buf[10]);
	for (int k = 0; k < 3; k++) {
		if (!(centuries[dig(buf[0])] & 1 << k))
			continue;
		int y = 1800 + 100 * k + yy;
		if (!tv_born_by_today(y, m, d))
			continue;
		int sum = tv_date_cmp(y, m, d, 1997, 1, 1) < 0 ? asc : desc;
		if (sum % 11 == c)
			ok = true;
	}
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * hu_tin: Hungarian tax identification number of a person (adóazonosító
 * jel), 10 digits: 8, the birth date as days since 1867-01-01 (5 digits,
 * not in the future), a 3-digit serial, and a check digit: the first nine
 * times 1..9, mod 11 (a remainder of 10 is never issued). Digits only.
 */
static bool tv_hu_tin(const char *s, size_t len)
{
	static const int w[9] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	char buf[EU_BUF];
	bool ok = false;
	int ty, tm, td;

	if (!take(s, len, "", buf, 10, 10) || buf[0] != '8')
		goto out;
	tv_today(&ty, &tm, &td);
	if (tv_num(buf + 1, 5) >
	    days_from_civil(ty, tm, td) - days_from_civil(1867, 1, 1))
		goto out;
	ok = tv_wsum(buf, w, 9) % 11 == dig(buf[9]);
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/* ------------------------------------------------------------ Iceland */

/*
 * is_kt: Icelandic identity number of a person (kennitala), 10 digits
 * DDMMYY RR C K: birth date (must exist), two random digits, a check
 * digit (weights 3 2 7 6 5 4 3 2 1 over the first nine, mod 11 = 0) and
 * the century (9: 1900s, 0: 2000s). An organisation's kennitala (day +40)
 * rejects: it is not personal data (stdnum differs: it accepts it).
 * Hyphens skipped anywhere ("120174-3399").
 */
static bool tv_is_kt(const char *s, size_t len)
{
	static const int w[9] = { 3, 2, 7, 6, 5, 4, 3, 2, 1 };
	char buf[EU_BUF];
	bool ok = false;

	if (!take(s, len, "-", buf, 10, 10) ||
	    (buf[9] != '9' && buf[9] != '0'))
		goto out;
	int y = (buf[9] == '9' ? 1900 : 2000) + (int)tv_num(buf + 4, 2);
	ok = tv_date_ok(y, (int)tv_num(buf + 2, 2), (int)tv_num(buf, 2)) &&
	     tv_wsum(buf, w, 9) % 11 == 0;
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/* ------------------------------------------------------------ Ireland */

/*
 * ie_pps: Irish Personal Public Service Number (PPSN), 7 digits and a
 * check letter A-W, then optionally A (the 2013 format, which enters the
 * check as 9 x 1) or W, T, X (old suffixes, ignored by the check). The
 * check letter is "WABCDEFGHIJKLMNOPQRSTUV"[sum of digits x 8..2 (+ 9 for
 * A) mod 23]. The suffix H marks a non-individual (company, trust) and
 * rejects (stdnum differs: it accepts it). No separators;
 * case-insensitive.
 */
static bool tv_ie_pps(const char *s, size_t len)
{
	static const char letters[] = "WABCDEFGHIJKLMNOPQRSTUV";
	static const int w[7] = { 8, 7, 6, 5, 4, 3, 2 };
	char buf[EU_BUF];
	bool ok = false;

	if (len == 9) {
		if (!take(s, len, "", buf, 9, 7) || !tv_in_set(buf[8], "AWTX"))
			goto out;
	} else if (!take(s, len, "", buf, 8, 7)) {
		goto out;
	}
	long sum = tv_wsum(buf, w, 7) + (len == 9 && buf[8] == 'A' ? 9 : 0);
	ok = buf[7] == letters[sum % 23];
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/* ------------------------------------------------------------- Latvia */

/*
 * lv_pk: Latvian personal code (personas kods), 11 digits. The old form
 * DDMMYY C NNNN: birth date (must exist), century digit 0-2 (1800s-2000s;
 * stdnum differs: it reads 3-9 as later centuries), serial, and a check
 * digit (1 + sum of weights 10 5 8 4 2 1 6 3 7 9) mod 11 mod 10. Codes
 * issued since July 2017 are 32 and nine digits without birth date or
 * published check digit, so only that structure is checked (stdnum
 * differs: it rejects them). A first digit 4-9 is a legal entity's number
 * and rejects (stdnum differs). Hyphens skipped anywhere
 * ("161175-19997").
 */
static bool tv_lv_pk(const char *s, size_t len)
{
	static const int w[10] = { 10, 5, 8, 4, 2, 1, 6, 3, 7, 9 };
	char buf[EU_BUF];
	bool ok = false;

	if (!take(s, len, "-", buf, 11, 11) || buf[0] > '3')
		goto out;
	if (buf[0] == '3' && buf[1] == '2') {
		ok = true;
		goto out;
	}
	if (buf[6] > '2' ||
	    !tv_date_ok(1800 + 100 * dig(buf[6]) + (int)tv_num(buf + 4, 2),
			(int)tv_num(buf + 2, 2), (int)tv_num(buf, 2)))
		goto out;
	ok = (1 + tv_wsum(buf, w, 10)) % 11 % 10 == dig(buf[10]);
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/* ------------------------------------------------------ Liechtenstein */

/*
 * li_peid: Liechtenstein personal identification number (PEID), the tax
 * number of persons and entities: 4 to 12 digits after leading zeros. It
 * has no check digit, so only the length is checked; the identifier leans
 * on its keywords. Digits only.
 */
static bool tv_li_peid(const char *s, size_t len)
{
	size_t i = 0;

	if (len == 0 || !tv_digits(s, len))
		return false;
	while (i < len && s[i] == '0')
		i++;
	return len - i >= 4 && len - i <= 12;
}

/* --------------------------------------------------------- Luxembourg */

/*
 * lu_nin: Luxembourg national identification number (matricule), 13
 * digits YYYYMMDD NNN C1 C2: birth date (must exist), serial, C1 the Luhn
 * check digit and C2 the Verhoeff check digit, both over the first eleven
 * (the rule the OECD's TIN sheet for Luxembourg gives). Spaces skipped
 * anywhere ("1893 12 01 057 32").
 */
static bool tv_lu_nin(const char *s, size_t len)
{
	char buf[EU_BUF], v[12];
	bool ok = false;

	if (!take(s, len, " ", buf, 13, 13) ||
	    !tv_date_ok((int)tv_num(buf, 4), (int)tv_num(buf + 4, 2),
			(int)tv_num(buf + 6, 2)) ||
	    !tv_luhn(buf, 12))
		goto out;
	memcpy(v, buf, 11);
	v[11] = buf[12];
	ok = tv_verhoeff(v, 12) == 0;
out:
	tv_wipe(buf, sizeof buf);
	tv_wipe(v, sizeof v);
	return ok;
}

/* -------------------------------------------------------------- Malta */

/*
 * mt_id: Maltese identity card number, the tax number of residents: up to
 * seven digits (written with or without leading zeros, not all zero) and
 * a letter M, G, A, P, L, H, B or Z. No check digit exists, so this is
 * the structure only. No separators; the letter is case-insensitive.
 */
static bool tv_mt_id(const char *s, size_t len)
{
	bool nonzero = false;

	if (len < 2 || len > 8 || !tv_digits(s, len - 1))
		return false;
	for (size_t i = 0; i + 1 < len; i++)
		if (s[i] != '0')
			nonzero = true;
	char l = tv_upper(s[len - 1]);
	return nonzero && tv_in_set(l, "MGAPLHBZ");
}

/* ------------------------------------------------------------- Norway */

/*
 * no_fnr: Norwegian national identity number (fødselsnummer), also the
 * D-number (day +40) and H-number (month +40): DDMMYY III C1 C2. The
 * individual number and year give the century (000-499: 1900s; 500-749
 * with year >= 54: 1800s; 500-999 with year < 40: 2000s; 900-999 with
 * year >= 40: 1900s); the date must exist and not be in the future. FH
 * numbers (day >= 80) carry no date and reject, as in stdnum. Two mod-11
 * check digits (weights 3 7 6 1 8 9 4 5 2, then 5 4 3 2 7 6 5 4 3 2).
 * Spaces and hyphens skipped anywhere ("151086 95088").
 */
static bool tv_no_fnr(const char *s, size_t len)
{
	static const int w1[9] = { 3, 7, 6, 1, 8, 9, 4, 5, 2 };
	static const int w2[10] = { 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };
	char buf[EU_BUF];
	bool ok = false;

	if (!take(s, len, " -", buf, 11, 11) ||
	    tv_mod11_check(tv_wsum(buf, w1, 9)) != dig(buf[9]) ||
	    tv_mod11_check(tv_wsum(buf, w2, 10)) != dig(buf[10]))
		goto out;
	int d = (int)tv_num(buf, 2), m = (int)tv_num(buf + 2, 2);
	int y = (int)tv_num(buf + 4, 2), ind = (int)tv_num(buf + 6, 3);
	if (d >= 80)
		goto out;
	if (d > 40)
		d -= 40;
	if (m > 40)
		m -= 40;
	if (ind < 500)
		y += 1900;
	else if (ind < 750 && y >= 54)
		y += 1800;
	else if (y < 40)
		y += 2000;
	else if (ind >= 900)
		y += 1900;
	else
		goto out;
	ok = tv_born_by_today(y, m, d);
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/* ------------------------------------------------------------- Poland */

/*
 * pl_nip: Polish tax identification number (NIP), 10 digits, weights
 * 6 5 7 2 3 4 5 6 7 over the first nine, mod 11, equal to the last (10
 * never issued). Hyphens and spaces skipped anywhere ("856-734-62-15",
 * "856-73-46-215"); the PL prefix of the VAT number rejects (stdnum
 * differs: it strips it).
 */
static bool tv_pl_nip(const char *s, size_t len)
{
	static const int w[9] = { 6, 5, 7, 2, 3, 4, 5, 6, 7 };
	char buf[EU_BUF];
	bool ok = take(s, len, " -", buf, 10, 10) &&
		  tv_wsum(buf, w, 9) % 11 == dig(buf[9]);

	tv_wipe(buf, sizeof buf);
	return ok;
}

/* ----------------------------------------------------------- Portugal */

/*
 * pt_cc: Portuguese citizen card number (cartão de cidadão), 12
 * characters: the 8-digit civil identification number and its check
 * digit, a 2-character version (letters or digits) and a check digit over
 * all of them (digits 0-9 and letters A-Z valued 0-35; from the right,
 * every second value doubled, minus 9 when over 9; total mod 10 = 0).
 * stdnum differs: it takes any number of leading digits. Spaces skipped
 * anywhere ("00000000 0 ZZ4"); case-insensitive.
 */
static bool tv_pt_cc(const char *s, size_t len)
{
	char buf[EU_BUF];
	bool ok = false;
	int sum = 0;

	if (!take(s, len, " ", buf, 12, 9) || !tv_isdigit(buf[11]))
		goto out;
	for (size_t i = 0; i < 12; i++) {
		char c = buf[11 - i];
		int v;
		if (tv_isdigit(c))
			v = dig(c);
		else if (tv_isupper(c) && i >= 1 && i <= 2)
			v = c - 'A' + 10;
		else
			goto out;
		if (i % 2) {
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
	}
	ok = sum % 10 == 0;
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * pt_nif: Portuguese tax number of a person (NIF), 9 digits starting 1, 2
 * or 3 (residents) or 45 (non-residents): the other first digits are
 * companies and public bodies and reject (stdnum differs: it accepts
 * them). Check digit (11 - sum of weights 9..2 mod 11) mod 11 mod 10.
 * Spaces skipped anywhere ("171 406 940"); the PT prefix rejects.
 */
static bool tv_pt_nif(const char *s, size_t len)
{
	static const int w[8] = { 9, 8, 7, 6, 5, 4, 3, 2 };
	char buf[EU_BUF];
	bool ok = take(s, len, " ", buf, 9, 9) &&
		  ((buf[0] >= '1' && buf[0] <= '3') ||
		   (buf[0] == '4' && buf[1] == '5')) &&
		  tv_mod11_check(tv_wsum(buf, w, 8)) % 10 == dig(buf[8]);

	tv_wipe(buf, sizeof buf);
	return ok;
}

/* ------------------------------------------------------------ Romania */

/*
 * ro_cnp: Romanian personal numeric code (CNP), 13 digits S YYMMDD JJ NNN
 * C: S gives the century (1-2: 1900s, 3-4: 1800s, 5-6: 2000s, 7-9
 * residents and foreigners, read as 1900s as stdnum does), the date must
 * exist, county and serial are not checked, and C is the sum of weights
 * 2 7 9 1 4 6 3 5 8 2 7 9 mod 11 (10 written as 1). Digits only.
 */
static bool tv_ro_cnp(const char *s, size_t len)
{
	static const int w[12] = { 2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9 };
	static const int century[10] = { 0,    1900, 1900, 1800, 1800,
					 2000, 2000, 1900, 1900, 1900 };
	char buf[EU_BUF];
	bool ok = false;

	if (!take(s, len, "", buf, 13, 13) || buf[0] == '0')
		goto out;
	if (!tv_date_ok(century[dig(buf[0])] + (int)tv_num(buf + 1, 2),
			(int)tv_num(buf + 3, 2), (int)tv_num(buf + 5, 2)))
		goto out;
	long c = tv_wsum(buf, w, 12) % 11;
	ok = (c == 10 ? 1 : c) == dig(buf[12]);
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/* ----------------------------------------------------------- Slovenia */

/*
 * si_emso: Slovenian unique master citizen number (EMŠO), 13 digits
 * DDMMYYY RR BBB C: birth date with a 3-digit year (under 800: 2000 +, else
 * 1000 +) that must exist, region, serial, and the check digit -(sum of
 * weights 7 6 5 4 3 2 7 6 5 4 3 2) mod 11 mod 10. Digits only.
 */
static bool tv_si_emso(const char *s, size_t len)
{
	static const int w[12] = { 7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };
	char buf[EU_BUF];
	bool ok = false;

	if (!take(s, len, "", buf, 13, 13))
		goto out;
	int y = (int)tv_num(buf + 4, 3);
	y += y < 800 ? 2000 : 1000;
	ok = tv_date_ok(y, (int)tv_num(buf + 2, 2), (int)tv_num(buf, 2)) &&
	     tv_mod11_check(tv_wsum(buf, w, 12)) % 10 == dig(buf[12]);
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * si_tin: Slovenian tax number (davčna številka), 8 digits not starting
 * with 0: 11 - (sum of weights 8..2 mod 11), with 10 written as 0 and 11
 * never issued. Digits only; the SI prefix of the VAT number rejects
 * (stdnum's si.ddv strips it).
 */
static bool tv_si_tin(const char *s, size_t len)
{
	static const int w[7] = { 8, 7, 6, 5, 4, 3, 2 };
	char buf[EU_BUF];
	bool ok = false;

	if (!take(s, len, "", buf, 8, 8) || buf[0] == '0')
		goto out;
	long c = 11 - tv_wsum(buf, w, 7) % 11;
	ok = c != 11 && (c == 10 ? 0 : c) == dig(buf[7]);
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/* -------------------------------------------------------------- Spain */

/* -------------------------------------------------------- Switzerland */

/*
 * ch_ssn: Swiss social security number (AHV-Nr., AVS), 13 digits 756 and
 * an EAN-13 check digit. Dots and spaces skipped anywhere
 * ("756.9217.0769.85").
 */
static bool tv_ch_ssn(const char *s, size_t len)
{
	char buf[EU_BUF];
	bool ok = take(s, len, " .", buf, 13, 13) &&
		  memcmp(buf, "756", 3) == 0 &&
		  tv_gs1_check(buf, 12) == dig(buf[12]);

	tv_wipe(buf, sizeof buf);
	return ok;
}

/* ----------------------------------------------------- United Kingdom */

const struct trawl_validator trawl_validators_europe[] = {
	{ "at_vnr", tv_at_vnr, "Austrian social insurance number, mod 11" },
	{ "at_tin", tv_at_tin, "Austrian tax number, office and check digit" },
	{ "bg_egn", tv_bg_egn, "Bulgarian EGN, birth date and mod 11" },
	{ "hr_oib", tv_hr_oib, "Croatian OIB, ISO 7064 mod 11,10" },
	{ "cy_tic", tv_cy_tic, "Cypriot tax code, check letter" },
	{ "cz_rc", tv_cz_rc, "Czech/Slovak birth number, date and mod 11" },
	{ "ee_ik", tv_ee_ik, "Estonian isikukood, birth date and mod 11" },
	{ "de_stnr", tv_de_stnr, "German Steuernummer (structure only)" },
	{ "gr_amka", tv_gr_amka, "Greek AMKA, birth date and Luhn" },
	{ "gr_afm", tv_gr_afm, "Greek AFM tax number, mod 11" },
	{ "hu_pin", tv_hu_pin, "Hungarian personal number, date and mod 11" },
	{ "hu_tin", tv_hu_tin, "Hungarian tax id of a person, mod 11" },
	{ "is_kt", tv_is_kt, "Icelandic kennitala of a person, mod 11" },
	{ "ie_pps", tv_ie_pps, "Irish PPSN, mod 23 check letter" },
	{ "lv_pk", tv_lv_pk, "Latvian personal code, date and mod 11" },
	{ "li_peid", tv_li_peid, "Liechtenstein PEID (length only)" },
	{ "lt_ak", tv_lt_ak, "Lithuanian personal code, date and mod 11" },
	{ "lu_nin", tv_lu_nin, "Luxembourg matricule, Luhn and Verhoeff" },
	{ "mt_id", tv_mt_id, "Maltese identity card number (structure)" },
	{ "no_fnr", tv_no_fnr, "Norwegian fodselsnummer, date and 2 x mod 11" },
	{ "pl_nip", tv_pl_nip, "Polish NIP, mod 11" },
	{ "pt_cc", tv_pt_cc, "Portuguese citizen card number, mod 10" },
	{ "pt_nif", tv_pt_nif, "Portuguese NIF of a person, mod 11" },
	{ "ro_cnp", tv_ro_cnp, "Romanian CNP, birth date and mod 11" },
	{ "si_emso", tv_si_emso, "Slovenian EMSO, birth date and mod 11" },
	{ "si_tin", tv_si_tin, "Slovenian tax number, mod 11" },
	{ "ch_ssn", tv_ch_ssn, "Swiss AHV number, 756 and EAN-13" },
	{ NULL, NULL, NULL },
};
