/*
 * validate_world.c - validators: personal numbers outside Europe, passports, driver's licences, phone numbers, dates, vehicles (issue 5, part 1).
 *
 * The validators for identifiers-staging/personal_world.yaml. Each follows
 * validate.h's contract (pure, no allocation, reads only s[0..len), wipes
 * its stack copies). Where python-stdnum 1.18 implements the number, the
 * validator gives stdnum's answer (tests/p1030-oracle-world.py checks it on
 * 100,000 candidates each); each comment says where it deliberately differs.
 * Numbers without check digits are checked for what structure they have:
 * shape, embedded dates, ranges; tests/unit/test_validators_world.c pins
 * every one down.
 *
 * Sections: helpers; Latin America; tax numbers; Europe and Australia;
 * identity documents (ICAO check digits); driver's licences; dates and
 * coordinates; phone numbers; web and vehicles; the table.
 */
#include "confirm/validate.h"
#include "confirm/validate_util.h"

#include <string.h>

/* ---- helpers ------------------------------------------------------------ */

static bool all_alnum(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!tv_isdigit(s[i]) && !tv_isupper(s[i]))
			return false;
	return n > 0;
}

/*
 * True when the digits of s[0..n) (other characters ignored) are all the
 * same, or, six or more of them, one straight run up or down ("12345678",
 * "98765432", "7890123"): the fill-in values of forms and documentation.
 */
static bool placeholder_digits(const char *s, size_t n)
{
	char d[TV_MAXVAL];
	size_t k = 0;
	bool up = true, down = true, same = true;

	for (size_t i = 0; i < n && k < sizeof d; i++)
		if (tv_isdigit(s[i]))
			d[k++] = s[i];
	for (size_t i = 1; i < k; i++) {
		int step = (d[i] - d[i - 1] + 10) % 10;
		same &= step == 0;
		up &= step == 1;
		down &= step == 9;
	}
	tv_wipe(d, sizeof d);
	if (k == 0)
		return false;
	return same || (k >= 6 && (up || down));
}

/* The check digit that makes body[0..n) + digit Luhn-valid. */
static int luhn_digit(const char *body, size_t n)
{
	char tmp[TV_MAXVAL];
	int d = 0;

	memcpy(tmp, body, n);
	for (; d < 10; d++) {
		tmp[n] = (char)('0' + d);
		if (tv_luhn(tmp, n + 1))
			break;
	}
	tv_wipe(tmp, sizeof tmp);
	return d;
}

/* Python's a % m for m > 0 (never negative). */
static long pymod(long a, long m)
{
	long r = a % m;
	return r < 0 ? r + m : r;
}

/*
 * plain_id: identifiers whose only structure is the shape their pattern
 * gives (most driver's licences, passports, Canada's client id): spaces,
 * hyphens, dots and slashes are skipped, letters case-folded; what is left
 * must be 4 to 24 letters and digits with at least one digit, and not a
 * fill-in value (all digits the same, or a straight run of six or more:
 * "00000000", "AB000000", "123456789").
 */
static bool v_plain_id(const char *s, size_t len)
{
	char buf[32];
	size_t n;
	bool ok = tv_compact(s, len, " -./", true, buf, sizeof buf, &n) &&
		  n >= 4 && n <= 24 && all_alnum(buf, n) &&
		  strpbrk(buf, "0123456789") != NULL &&
		  !placeholder_digits(buf, n);

	tv_wipe(buf, sizeof buf);
	return ok;
}

/* ---- Latin America -------------------------------------------------------- */

/*
 * ar_dni: Argentine DNI, 7 or 8 digits, written 20.123.456; dots and spaces
 * are skipped anywhere (as stdnum.ar.dni). Same-digit numbers reject
 * (stdnum accepts them).
 */
static bool v_ar_dni(const char *s, size_t len)
{
	char buf[16];
	size_t n;
	bool ok = tv_compact(s, len, " .", false, buf, sizeof buf, &n) &&
		  (n == 7 || n == 8) && tv_digits(buf, n) && !tv_repdigit(buf, n);

	tv_wipe(buf, sizeof buf);
	return ok;
}

/* CUIT/CUIL: 11 digits, a known type prefix, mod 11 (stdnum.ar.cuit). */
static bool ar_cuit(const char *s, size_t len, const char *types)
{
	static const int w[10] = { 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };
	char buf[24];
	size_t n;
	bool ok = false;

	if (!tv_compact(s, len, " -", false, buf, sizeof buf, &n) || n != 11 ||
	    !tv_digits(buf, n))
		goto out;
	if (!tv_code_in(buf, 2, types))
		goto out;
	/* stdnum: '012345678990'[11 - sum % 11] */
	ok = buf[10] == "012345678990"[11 - tv_wsum(buf, w, 10) % 11];
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * ar_cuit_person, ar_cuit_org: Argentine CUIT/CUIL, written 20-05536168-2
 * (spaces and hyphens skipped anywhere): type prefix, 8 digits, mod 11
 * check digit as stdnum.ar.cuit. Persons are types 20, 23, 24 and 27;
 * organisations 30, 33 and 34, and the international types 50, 51, 55.
 */
static bool v_ar_cuit_person(const char *s, size_t len)
{
	return ar_cuit(s, len, "20232427");
}

static bool v_ar_cuit_org(const char *s, size_t len)
{
	return ar_cuit(s, len, "303334505155");
}

/*
 * ar_sube: Argentine SUBE transport card, 16 digits starting 6061, Luhn
 * valid; spaces and hyphens skipped anywhere ("6061 2680 1234 5670").
 */
static bool v_ar_sube(const char *s, size_t len)
{
	char buf[32];
	size_t n;
	bool ok = tv_compact(s, len, " -", false, buf, sizeof buf, &n) &&
		  n == 16 && tv_digits(buf, n) && memcmp(buf, "6061", 4) == 0 &&
		  tv_luhn(buf, n);

	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * cl_rut: Chilean RUT/RUN, 7 or 8 digits and a check character 0-9 or K
 * (mod 11), written 12.531.909-2; spaces, hyphens and dots are skipped
 * anywhere, letters case-folded, a leading "CL" dropped (stdnum.cl.rut).
 */
static bool v_cl_rut(const char *s, size_t len)
{
	char buf[24];
	size_t n;
	bool ok = false;

	if (!tv_compact(s, len, " -.", true, buf, sizeof buf, &n))
		goto out;
	const char *p = buf;
	if (n >= 2 && p[0] == 'C' && p[1] == 'L')
		p += 2, n -= 2;
	if ((n != 8 && n != 9) || !tv_digits(p, n - 1))
		goto out;
	long sum = 0;
	for (size_t i = 0; i < n - 1; i++) /* from the right: 9 8 7 6 5 4 9 8 */
		sum += (p[n - 2 - i] - '0') * (4 + pymod(5 - (long)i, 6));
	ok = p[n - 1] == "0123456789K"[sum % 11];
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/* NIT: body and a mod 11 check digit, 8 to 16 digits in all (stdnum.co.nit). */
static bool co_nit(const char *s, size_t len, bool org)
{
	static const int w[15] = { 3,  7,  13, 17, 19, 23, 29, 37,
				   41, 43, 47, 53, 59, 67, 71 };
	char buf[32];
	size_t n;
	bool ok = false;

	if (!tv_compact(s, len, " .,-", false, buf, sizeof buf, &n) ||
	    n < 8 || n > 16 || !tv_digits(buf, n))
		goto out;
	long sum = 0;
	for (size_t i = 0; i + 1 < n; i++)
		sum += w[i] * (buf[n - 2 - i] - '0');
	if (buf[n - 1] != "01987654321"[sum % 11])
		goto out;
	bool company = n == 10 && (buf[0] == '8' || buf[0] == '9');
	ok = org ? company : !company && n <= 11;
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * co_nit_person, co_nit_org: Colombian NIT, written 900.123.456-7; dots,
 * commas, hyphens and spaces are skipped anywhere; the last digit is the
 * mod 11 check of stdnum.co.nit. Companies have a 9-digit body starting
 * with 8 or 9; a person's NIT is the cedula (7 to 10 digits) with the
 * check digit, and any other valid NIT of at most 11 digits.
 */
static bool v_co_nit_person(const char *s, size_t len)
{
	return co_nit(s, len, false);
}

static bool v_co_nit_org(const char *s, size_t len)
{
	return co_nit(s, len, true);
}

/*
 * co_cedula: Colombian cedula de ciudadania, no check digit: 6 to 8 digits
 * (issued up to 2003) or 10 digits starting with 1 (since), written with
 * thousands dots (1.023.456.789) or none; spaces are not taken. No leading
 * zero; fill-in values reject.
 */
static bool v_co_cedula(const char *s, size_t len)
{
	char buf[24];
	size_t n;
	bool ok = tv_compact(s, len, ".", false, buf, sizeof buf, &n) &&
		  tv_digits(buf, n) && buf[0] != '0' &&
		  ((n >= 6 && n <= 8) || (n == 10 && buf[0] == '1')) &&
		  !placeholder_digits(buf, n);

	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * br_rg: Brazilian RG in the Sao Paulo form (the most common, and the only
 * one with a published check): 8 digits and a check digit or X, written
 * 12.345.678-9; dots, hyphens and spaces skipped anywhere, x case-folded.
 * Check: the digits weighted 2..9 plus the check (X = 10) is 0 mod 11.
 * Other states' RGs have other lengths and no common check.
 */
static bool v_br_rg(const char *s, size_t len)
{
	static const int w[8] = { 2, 3, 4, 5, 6, 7, 8, 9 };
	char buf[24];
	size_t n;
	bool ok = false;

	if (!tv_compact(s, len, " .-", true, buf, sizeof buf, &n) || n != 9 ||
	    !tv_digits(buf, 8) || tv_repdigit(buf, 8))
		goto out;
	long c = buf[8] == 'X' ? 10 : tv_isdigit(buf[8]) ? buf[8] - '0' : -1;
	ok = c >= 0 && (tv_wsum(buf, w, 8) + c) % 11 == 0;
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * br_cep: Brazilian postal code (CEP), 8 digits written 01310-100 (or
 * 01.310-100, or bare); dots, hyphens and spaces skipped. No CEP starts
 * 00000, and fill-in values reject.
 */
static bool v_br_cep(const char *s, size_t len)
{
	char buf[16];
	size_t n;
	bool ok = tv_compact(s, len, " .-", false, buf, sizeof buf, &n) &&
		  n == 8 && tv_digits(buf, n) && memcmp(buf, "00000", 5) != 0 &&
		  !placeholder_digits(buf, n);

	tv_wipe(buf, sizeof buf);
	return ok;
}

/* Mexico: the characters of CURP and RFC check digits ('#' stands for Ñ). */
static const char mx_alphabet[] = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ #";

static int mx_index(char c)
{
	const char *p = c ? strchr(mx_alphabet, c) : NULL;
	return p ? (int)(p - mx_alphabet) : -1;
}

/*
 * Compacts a CURP or RFC as stdnum does (drops '-', '_' and ' ', upper
 * case), writing the letter Ñ (UTF-8, either case) as '#'. Any other byte
 * outside ASCII, and a '#' of the input, fail.
 */
static bool mx_compact(const char *s, size_t len, char *out, size_t cap, size_t *n)
{
	size_t k = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '-' || c == '_' || c == ' ')
			continue;
		if (k + 1 >= cap)
			return false;
		if (c == 0xC3 && i + 1 < len &&
		    ((unsigned char)s[i + 1] == 0x91 || (unsigned char)s[i + 1] == 0xB1)) {
			out[k++] = '#';
			i++;
			continue;
		}
		if (c >= 0x80 || c == '#' || c == '\0')
			return false;
		out[k++] = tv_upper((char)c);
	}
	out[k] = '\0';
	*n = k;
	return true;
}

/*
 * mx_curp: Mexican CURP, 18 characters: four name letters (not one of
 * RENAPO's blocked words), birth date yymmdd, sex H or M, a state code,
 * three consonants, a character that gives the century (a digit: 1900s)
 * and a check digit (as stdnum.mx.curp). Hyphens, underscores and spaces
 * are skipped; letters case-folded.
 */
static bool v_mx_curp(const char *s, size_t len)
{
	static const char blocked[] =
		"BACA BAKA BUEI BUEY CACA CACO CAGA CAGO CAKA CAKO COGE COGI "
		"COJA COJE COJI COJO COLA CULO FALO FETO GETA GUEI GUEY JETA "
		"JOTO KACA KACO KAGA KAGO KAKA KAKO KOGE KOGI KOJA KOJE KOJI "
		"KOJO KOLA KULO LILO LOCA LOCO LOKA LOKO MAME MAMO MEAR MEAS "
		"MEON MIAR MION MOCO MOKO MULA MULO NACA NACO PEDA PEDO PENE "
		"PIPI PITO POPO PUTA PUTO QULO RATA ROBA ROBE ROBO RUIN SENO "
		"TETA VACA VAGA VAGO VAKA VUEI VUEY WUEI WUEY";
	static const char states[] =
		"AS BC BS CC CH CL CM CS DF DG GR GT HG JC MC MN MS NE NL NT "
		"OC PL QR QT SL SP SR TC TL TS VZ YN ZS ";
	char buf[32];
	size_t n;
	bool ok = false;

	if (!mx_compact(s, len, buf, sizeof buf, &n) || n != 18 ||
	    !tv_shape(buf, "AAAANNNNNNAAAAAAXN") || tv_code_in(buf, 4, blocked))
		goto out;
	int y = (int)tv_num(buf + 4, 2) + (tv_isdigit(buf[16]) ? 1900 : 2000);
	if (!tv_date_ok(y, (int)tv_num(buf + 6, 2), (int)tv_num(buf + 8, 2)))
		goto out;
	if (buf[10] != 'H' && buf[10] != 'M')
		goto out;
	if (!tv_code_in(buf + 11, 2, states))
		goto out;
	long sum = 0;
	for (int i = 0; i < 17; i++)
		sum += mx_index(buf[i]) * (18 - i);
	ok = buf[17] - '0' == (10 - sum % 10) % 10;
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/* RFC: the check character over the first n-1 characters (stdnum.mx.rfc),
 * the value padded on the left with spaces to 12. */
static char mx_rfc_check(const char *p, size_t n)
{
	long sum = 0;
	size_t pad = 12 - (n - 1);

	for (size_t i = 0; i < 12; i++)
		sum += (i < pad ? mx_index(' ') : mx_index(p[i - pad])) * (13 - (long)i);
	return mx_alphabet[tv_mod11_check(sum)];
}

static bool mx_rfc(const char *s, size_t len, bool org)
{
	static const char blocked[] =
		"BUEI BUEY CACA CACO CAGA CAGO CAKA CAKO COGE COJA COJE COJI "
		"COJO CULO FETO GUEY JOTO KACA KACO KAGA KAGO KAKA KOGE KOJO "
		"KULO MAME MAMO MEAR MEAS MEON MION MOCO MULA PEDA PEDO PENE "
		"PUTA PUTO QULO RATA RUIN";
	char buf[32];
	size_t n;
	bool ok = false;

	if (!mx_compact(s, len, buf, sizeof buf, &n))
		goto out;
	size_t nl = org ? 3 : 4; /* name letters */
	if (org ? n != 12 : n != 10 && n != 13)
		goto out;
	for (size_t i = 0; i < nl; i++)
		if (!tv_isupper(buf[i]) && buf[i] != '&' && buf[i] != '#')
			goto out;
	if (!tv_digits(buf + nl, 6) || (n > nl + 6 && !all_alnum(buf + nl + 6, n - nl - 6)))
		goto out;
	if (!org && tv_code_in(buf, 4, blocked))
		goto out;
	if (!tv_date_ok(2000 + (int)tv_num(buf + nl, 2), (int)tv_num(buf + nl + 2, 2),
			(int)tv_num(buf + nl + 4, 2)))
		goto out;
	if (n == 10) { /* a person's RFC without homoclave: nothing to check */
		ok = true;
		goto out;
	}
	const char *h = buf + n - 3; /* homoclave: [1-9A-V][1-9A-Z][0-9A] */
	if (!((h[0] >= '1' && h[0] <= '9') || (h[0] >= 'A' && h[0] <= 'V')) ||
	    h[1] == '0' || !(tv_isdigit(h[2]) || h[2] == 'A'))
		goto out;
	ok = buf[n - 1] == mx_rfc_check(buf, n);
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * mx_rfc_person, mx_rfc_org: Mexican RFC. A person's is four name letters,
 * the birth date yymmdd and, usually, a three-character homoclave whose
 * last character is a check (13 characters; 10 without homoclave). A
 * company's is three letters, the date of incorporation and the homoclave
 * (12). Name letters may be A-Z, & or Ñ; the date must exist (read as
 * 20yy, as stdnum does); the homoclave and check as stdnum.mx.rfc with
 * validate_check_digits=True (stdnum does not check them by default: this
 * is stricter). Hyphens, underscores and spaces are skipped ("GODE 561231
 * GR8"), letters case-folded.
 */
static bool v_mx_rfc_person(const char *s, size_t len)
{
	return mx_rfc(s, len, false);
}

static bool v_mx_rfc_org(const char *s, size_t len)
{
	return mx_rfc(s, len, true);
}

/* ---- tax numbers ------------------------------------------------------------ */

/*
 * au_tfn: Australian Tax File Number, 9 digits (8 for old ones), weighted
 * sum 1 4 3 7 5 8 6 9 10 is 0 mod 11 (stdnum.au.tfn). Spaces are skipped
 * anywhere ("123 456 782"), and hyphens too (stdnum takes only spaces).
 */
static bool v_au_tfn(const char *s, size_t len)
{
	static const int w[9] = { 1, 4, 3, 7, 5, 8, 6, 9, 10 };
	char buf[16];
	size_t n;
	bool ok = tv_compact(s, len, " -", false, buf, sizeof buf, &n) &&
		  (n == 8 || n == 9) && tv_digits(buf, n) &&
		  tv_wsum(buf, w, n) % 11 == 0;

	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * fr_spi: French numero fiscal (SPI), 13 digits, first 0-3, the last three
 * the first ten mod 511 (python-stdnum from 1.19; 1.18 checks only length
 * and first digit). Spaces skipped anywhere ("30 23 217 600 053").
 */
static bool v_fr_spi(const char *s, size_t len)
{
	char buf[24];
	size_t n;
	bool ok = tv_compact(s, len, " ", false, buf, sizeof buf, &n) &&
		  n == 13 && tv_digits(buf, n) && buf[0] <= '3' &&
		  tv_num(buf, 10) % 511 == tv_num(buf + 10, 3);

	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * uk_utr: UK Unique Taxpayer Reference, 10 digits, the first a check over
 * the other nine (weights 6 7 8 9 10 5 4 3 2, mod 11, '21987654321'), as
 * stdnum.gb.utr. Spaces skipped anywhere ("19558 39661"); one leading K
 * (either case) allowed (stdnum strips any number of them), or one
 * trailing K as in HMRC's Self Assessment payment reference (which
 * stdnum does not take).
 */
static bool v_uk_utr(const char *s, size_t len)
{
	static const int w[9] = { 6, 7, 8, 9, 10, 5, 4, 3, 2 };
	char buf[24];
	size_t n;
	bool ok = false;

	if (!tv_compact(s, len, " ", true, buf, sizeof buf, &n))
		goto out;
	const char *p = buf;
	if (n && *p == 'K')
		p++, n--;
	else if (n && p[n - 1] == 'K')
		n--; /* HMRC's payment reference: the UTR and a K */
	ok = n == 10 && tv_digits(p, n) &&
	     p[0] == "21987654321"[tv_wsum(p + 1, w, 9) % 11];
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * us_itin: US Individual Taxpayer Identification Number, 9xx-gg-ssss with
 * the group gg in the IRS's ranges 50-65, 70-88, 90-92 and 94-99. Written
 * ddd-dd-dddd, ddd dd dddd or ddddddddd (mixed or misplaced separators
 * reject). stdnum 1.18 knows only 70-88, 90-92, 94-99 (the ranges before
 * 2011) and also takes one hyphen alone ("912-903456").
 */
static bool v_us_itin(const char *s, size_t len)
{
	char buf[10];
	bool ok = false;

	if (!tv_ssn_digits(s, len, buf) || buf[0] != '9')
		goto out;
	long g = tv_num(buf + 3, 2);
	ok = (g >= 50 && g <= 65) || (g >= 70 && g <= 88) ||
	     (g >= 90 && g <= 92) || g >= 94;
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/* Compacts a Spanish NIF/CIF as stdnum (drops ' ' and '-', upper case, an
 * "ES" prefix) and checks the common shape: 9 characters, 7 digits inside. */
static bool es_compact(const char *s, size_t len, char *buf, size_t cap, const char **p)
{
	size_t n;

	if (!tv_compact(s, len, " -", true, buf, cap, &n))
		return false;
	*p = buf;
	if (n >= 2 && buf[0] == 'E' && buf[1] == 'S')
		*p += 2, n -= 2;
	return n == 9 && tv_digits(*p + 1, 7);
}

/*
 * es_nif_person: Spanish NIF of a natural person: a DNI (8 digits and the
 * check letter), an NIE (X, Y or Z, 7 digits, letter) or a K, L or M
 * number (7 digits, letter), as stdnum.es.nif for those first characters
 * (companies' CIFs are es_cif). Spaces and hyphens skipped anywhere,
 * letters case-folded, a leading "ES" dropped.
 */
static bool v_es_nif_person(const char *s, size_t len)
{
	char buf[24];
	const char *p;
	bool ok = false;

	if (!es_compact(s, len, buf, sizeof buf, &p))
		goto out;
	if (tv_isdigit(p[0]))
		ok = p[8] == tv_dni_letter(tv_num(p, 8));
	else if (tv_in_set(p[0], "KLM"))
		ok = p[8] == tv_dni_letter(tv_num(p + 1, 7));
	else if (tv_in_set(p[0], "XYZ"))
		ok = p[8] == tv_dni_letter((p[0] - 'X') * 10000000L + tv_num(p + 1, 7));
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * es_cif: Spanish CIF (tax number of companies and other entities): an
 * entity letter (A B C D E F G H J N P Q R S U V W), 7 digits and a check
 * that is the Luhn digit of those 7 or the letter JABCDEFGHI at that
 * index; like stdnum.es.cif, either form is taken for every entity type.
 * Spaces and hyphens skipped anywhere, letters case-folded.
 */
static bool v_es_cif(const char *s, size_t len)
{
	char buf[24];
	const char *p;
	bool ok = false;

	if (!es_compact(s, len, buf, sizeof buf, &p) ||
	    !tv_in_set(p[0], "ABCDEFGHJNPQRSUVW"))
		goto out;
	int d = luhn_digit(p + 1, 7);
	ok = p[8] == '0' + d || p[8] == "JABCDEFGHI"[d];
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * es_nss: Spanish social security number (NSS / NAF): province 01-53, the
 * number (7 or 8 digits) and two check digits, the remainder mod 97 of the
 * province followed by the number (a number under 10,000,000 counts as
 * province * 10,000,000 + number). Written 28/12345678/40, 28-12345678-40,
 * with spaces or bare; slashes, hyphens and spaces skipped anywhere.
 */
static bool v_es_nss(const char *s, size_t len)
{
	char buf[24];
	size_t n;
	bool ok = false;

	if (!tv_compact(s, len, " -/", false, buf, sizeof buf, &n) ||
	    (n != 11 && n != 12) || !tv_digits(buf, n))
		goto out;
	long prov = tv_num(buf, 2), num = tv_num(buf + 2, n - 4);
	if (prov < 1 || prov > 53 || placeholder_digits(buf + 2, n - 4))
		goto out;
	long long v = num < 10000000 ? prov * 10000000LL + num
				     : prov * 100000000LL + num;
	ok = v % 97 == tv_num(buf + n - 2, 2);
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/* ---- identity documents: ICAO 9303 check digits --------------------------- */

/* ICAO 9303 check digit: digits as themselves, A-Z as 10-35, '<' as 0,
 * weighted 7 3 1 repeating, mod 10. -1 for any other character. */
static int icao_check(const char *s, size_t n)
{
	static const int w[3] = { 7, 3, 1 };
	int sum = 0;

	for (size_t i = 0; i < n; i++) {
		int v = tv_isdigit(s[i]) ? s[i] - '0' : tv_isupper(s[i]) ? s[i] - 'A' + 10
			: s[i] == '<' ? 0 : -1;
		if (v < 0)
			return -1;
		sum += v * w[i % 3];
	}
	return sum % 10;
}

/* German document numbers since 2007/2010: digits and the 17 consonants
 * that cannot be misread (no vowels, no B D Q S). */
#define DE_DOC_CHARS "0123456789CFGHJKLMNPRTVWXYZ"

/* A German card (id_card) or passport number; first: the letters a
 * current number may begin with. */
static bool de_document(const char *s, size_t len, bool id_card, const char *first)
{
	char buf[16];
	size_t n;
	bool ok = false;

	if (!tv_compact(s, len, " ", true, buf, sizeof buf, &n) ||
	    (n != 9 && n != 10))
		goto out;
	for (size_t i = 0; i < 9; i++)
		if (!tv_in_set(buf[i], DE_DOC_CHARS))
			goto out;
	if (tv_digits(buf, 9)) { /* the old all-digit numbers: check needed */
		ok = n == 10 && id_card &&
		     buf[9] - '0' == icao_check(buf, 9) && !placeholder_digits(buf, 9);
		goto out;
	}
	if (!tv_in_set(buf[0], first) || !strpbrk(buf, "0123456789"))
		goto out;
	ok = n == 9 || (tv_isdigit(buf[9]) && buf[9] - '0' == icao_check(buf, 9));
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * de_id_card: German identity card (Personalausweis) number. Since 2010:
 * nine characters from 0-9 and C F G H J K L M N P R T V W X Y Z, the first
 * a letter, at least one digit; as printed on the card (9 characters) or
 * with the ICAO 7-3-1 check digit of the machine-readable zone (10), which
 * must then agree. Before 2010: ten digits, the last the ICAO check.
 * Spaces skipped, letters case-folded.
 */
static bool v_de_id_card(const char *s, size_t len)
{
	return de_document(s, len, true, "CFGHJKLMNPRTVWXYZ");
}

/*
 * de_passport: German passport number since 2007: nine characters from the
 * same alphabet, the first C F G H J or K, at least one digit; optionally
 * followed by its ICAO 7-3-1 check digit, which must then agree.
 */
static bool v_de_passport(const char *s, size_t len)
{
	return de_document(s, len, false, "CFGHJK");
}

/*
 * ca_uci: Canadian immigration client id (UCI), the number on permanent
 * resident documents: 8 digits (0000-0000) or 10 (00-0000-0000). Hyphens
 * and spaces skipped; fill-in values reject.
 */
static bool v_ca_uci(const char *s, size_t len)
{
	char buf[16];
	size_t n;
	bool ok = tv_compact(s, len, " -", false, buf, sizeof buf, &n) &&
		  (n == 8 || n == 10) && tv_digits(buf, n) &&
		  !placeholder_digits(buf, n);

	tv_wipe(buf, sizeof buf);
	return ok;
}

/* ---- driver's licences ------------------------------------------------------ */

/*
 * us_dl: a US driver's licence number in one of the states' formats, as a
 * group. Spaces and hyphens are skipped (Florida prints A123-456-78-901-0,
 * Maryland A-123-456-789-012); the rest, letters case-folded, must be one
 * of these runs of letters (L) and digits (D): D7-14 (most states), L1
 * D4-14, L2 D3-7, L3 D6, D7-9 L1-2 (ME, VT, MO), L2 D6 L1 (ID), D3 L2 D4
 * (IA), D2 L3 D5 (NH), L1 D6 'R' (MO), "WDL" + 9 letters or digits (WA
 * since 2018). Fill-in digits reject. Formats of 1 to 6 digits only (AL,
 * AK, DE and a few more allow them) are too weak to take.
 */
static bool v_us_dl(const char *s, size_t len)
{
	/* {letters, min digits, max digits, trailing letters} */
	static const struct { unsigned char l, dmin, dmax, t; } shapes[] = {
		{ 0, 7, 14, 0 }, { 1, 4, 14, 0 }, { 2, 3, 7, 0 }, { 3, 6, 6, 0 },
		{ 0, 7, 9, 1 },	 { 0, 7, 9, 2 },  { 2, 6, 6, 1 },
	};
	char buf[32];
	size_t n;
	bool ok = false;

	if (!tv_compact(s, len, " -", true, buf, sizeof buf, &n) || n < 5 ||
	    n > 18 || !all_alnum(buf, n) || placeholder_digits(buf, n))
		goto out;
	if (n == 12 && memcmp(buf, "WDL", 3) == 0) {
		ok = true;
		goto out;
	}
	/* the runs: letters, digits, letters (the NH and IA shapes aside) */
	size_t a = 0, b, c;
	while (a < n && tv_isupper(buf[a]))
		a++;
	for (b = a; b < n && tv_isdigit(buf[b]); b++)
		;
	for (c = b; c < n && tv_isupper(buf[c]); c++)
		;
	if (c == n) {
		for (size_t i = 0; i < sizeof shapes / sizeof shapes[0] && !ok; i++)
			ok = a == shapes[i].l && b - a >= shapes[i].dmin &&
			     b - a <= shapes[i].dmax && c - b == shapes[i].t;
		ok |= a == 1 && b - a == 6 && c - b == 1 && buf[7] == 'R';
		goto out;
	}
	/* D3 L2 D4 (Iowa) and D2 L3 D5 (New Hampshire) */
	ok = (n == 9 && tv_shape(buf, "NNNAANNNN")) ||
	     (n == 10 && tv_shape(buf, "NNAAANNNNN"));
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * uk_dl: driving licence number of Great Britain (DVLA), 16 characters:
 * the surname's first five letters (padded with 9s: a letter first, then
 * letters, then only 9s), the decade of birth, the birth month (plus 50
 * for women: 01-12 or 51-62), the day (which must exist in that month; 29
 * February only in a year divisible by four), the year's last digit, two
 * initials (the second may be 9), a digit (usually 9), and two check
 * characters (letters or digits: DVLA does not publish how they are
 * computed, so they are not recomputed). One space is allowed after the
 * surname and after the date ("MORGA 753116 SM9IJ"); letters case-folded.
 */
static bool v_uk_dl(const char *s, size_t len)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	char buf[20];
	size_t n = 0;
	bool ok = false;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == ' ' && (n == 5 || n == 11) && i + 1 < len && s[i + 1] != ' ')
			continue;
		if (n == 16)
			goto out;
		buf[n++] = tv_upper(s[i]);
	}
	if (n != 16 || !tv_isupper(buf[0]))
		goto out;
	bool pad = false;
	for (int i = 1; i < 5; i++) {
		if (buf[i] == '9')
			pad = true;
		else if (!tv_isupper(buf[i]) || pad)
			goto out;
	}
	if (!tv_digits(buf + 5, 6) || !tv_isupper(buf[11]) ||
	    !(tv_isupper(buf[12]) || buf[12] == '9') || !tv_isdigit(buf[13]) ||
	    !all_alnum(buf + 14, 2))
		goto out;
	int m = (int)tv_num(buf + 6, 2), d = (int)tv_num(buf + 8, 2);
	int yy = (buf[5] - '0') * 10 + (buf[10] - '0');
	if (m > 50)
		m -= 50;
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
	    (m == 2 && d == 29 && yy % 4 != 0))
		goto out;
	ok = true;
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * in_dl: Indian driving licence number, 15 characters: state code, RTO
 * code (01-99), year of issue (1900 to this year) and a 7-digit serial,
 * written "MH14 20110062821" or "MH-1420110062821"; spaces and hyphens
 * skipped anywhere, letters case-folded. The state code must be one of
 * the states' and union territories' codes (old ones included).
 */
static bool v_in_dl(const char *s, size_t len)
{
	static const char states[] =
		"AN AP AR AS BR CG CH CT DD DL DN GA GJ HP HR JH JK KA KL LA LD "
		"MH ML MN MP MZ NL OD OR PB PY RJ SK TG TN TR TS UA UK UP WB ";
	char buf[24];
	size_t n;
	bool ok = false;
	int y, m, d;

	if (!tv_compact(s, len, " -", true, buf, sizeof buf, &n) || n != 15 ||
	    !tv_isupper(buf[0]) || !tv_isupper(buf[1]) || !tv_digits(buf + 2, 13))
		goto out;
	tv_today(&y, &m, &d);
	long year = tv_num(buf + 4, 4);
	ok = tv_code_in(buf, 2, states) && tv_num(buf + 2, 2) > 0 &&
	     year >= 1900 && year <= y && !placeholder_digits(buf + 8, 7);
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * uk_electoral: UK electoral roll number: the polling district code (two
 * or three letters) and the elector number (1 to 4 digits, not zero),
 * written "AB123", "AB 123" or "ABC-1234"; letters case-folded.
 */
static bool v_uk_electoral(const char *s, size_t len)
{
	char buf[16];
	size_t n, l = 0;
	bool ok = false;

	if (!tv_compact(s, len, " -", true, buf, sizeof buf, &n))
		goto out;
	while (l < n && tv_isupper(buf[l]))
		l++;
	ok = (l == 2 || l == 3) && n - l >= 1 && n - l <= 4 &&
	     tv_digits(buf + l, n - l) && tv_num(buf + l, n - l) > 0;
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/* ---- dates and coordinates -------------------------------------------------- */

/* Month names: English, French, German, Spanish, Italian, Portuguese,
 * lower case (ASCII folding only, so accented capitals are not names). */
static const struct {
	const char *name;
	int month;
} month_names[] = {
	{ "january", 1 },    { "jan", 1 },	    { "janvier", 1 },
	{ "januar", 1 },     { "jänner", 1 },	    { "enero", 1 },
	{ "gennaio", 1 },    { "janeiro", 1 },	    { "february", 2 },
	{ "feb", 2 },	     { "février", 2 },	    { "fevrier", 2 },
	{ "februar", 2 },    { "febrero", 2 },	    { "febbraio", 2 },
	{ "fevereiro", 2 },  { "march", 3 },	    { "mar", 3 },
	{ "mars", 3 },	     { "märz", 3 },	    { "maerz", 3 },
	{ "marzo", 3 },	     { "março", 3 },	    { "marco", 3 },
	{ "april", 4 },	     { "apr", 4 },	    { "avril", 4 },
	{ "abril", 4 },	     { "aprile", 4 },	    { "may", 5 },
	{ "mai", 5 },	     { "mayo", 5 },	    { "maggio", 5 },
	{ "maio", 5 },	     { "june", 6 },	    { "jun", 6 },
	{ "juin", 6 },	     { "juni", 6 },	    { "junio", 6 },
	{ "giugno", 6 },     { "junho", 6 },	    { "july", 7 },
	{ "jul", 7 },	     { "juillet", 7 },	    { "juli", 7 },
	{ "julio", 7 },	     { "luglio", 7 },	    { "julho", 7 },
	{ "august", 8 },     { "aug", 8 },	    { "août", 8 },
	{ "aout", 8 },	     { "agosto", 8 },	    { "september", 9 },
	{ "sep", 9 },	     { "sept", 9 },	    { "septembre", 9 },
	{ "septiembre", 9 }, { "setiembre", 9 },    { "settembre", 9 },
	{ "setembro", 9 },   { "october", 10 },	    { "oct", 10 },
	{ "octobre", 10 },   { "oktober", 10 },	    { "octubre", 10 },
	{ "ottobre", 10 },   { "outubro", 10 },	    { "november", 11 },
	{ "nov", 11 },	     { "novembre", 11 },    { "noviembre", 11 },
	{ "novembro", 11 },  { "december", 12 },    { "dec", 12 },
	{ "décembre", 12 },  { "decembre", 12 },    { "dezember", 12 },
	{ "diciembre", 12 }, { "dicembre", 12 },    { "dezembro", 12 },
};

static int month_of(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof month_names / sizeof month_names[0]; i++) {
		const char *m = month_names[i].name;
		if (strlen(m) != n)
			continue;
		size_t k = 0;
		while (k < n && (char)((w[k] >= 'A' && w[k] <= 'Z') ? w[k] + 32 : w[k]) == m[k])
			k++;
		if (k == n)
			return month_names[i].month;
	}
	return 0;
}

static bool word_is(const char *w, size_t n, const char *lit)
{
	if (strlen(lit) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((char)((w[i] >= 'A' && w[i] <= 'Z') ? w[i] + 32 : w[i]) != lit[i])
			return false;
	return true;
}

/* A possible birth date: it exists, in 1900 or later, not after today. */
static bool birth_ok(int y, int m, int d, int ty, int tm, int td)
{
	return y >= 1900 && tv_date_ok(y, m, d) &&
	       tv_date_cmp(y, m, d, ty, tm, td) <= 0;
}

/* Day and month in either order, the year with 2 digits read as 19yy or
 * 20yy (whichever is possible). */
static bool dob_any(int a, int b, int y, int ydigits, int ty, int tm, int td)
{
	for (int c = 0; c < (ydigits == 2 ? 2 : 1); c++) {
		int yy = ydigits == 2 ? y + (c ? 2000 : 1900) : y;
		if (birth_ok(yy, b, a, ty, tm, td) || birth_ok(yy, a, b, ty, tm, td))
			return true;
	}
	return false;
}

/*
 * dob: a date that can be a living person's birth date: it exists, lies in
 * 1900 or later and not after today (local time). Forms: yyyy-mm-dd,
 * yyyy/mm/dd, yyyy.mm.dd; dd/mm/yyyy and mm/dd/yyyy with '/', '.' or '-'
 * (either order is taken when both are possible), also with a 2-digit year
 * (19yy or 20yy) and 1-digit day or month; and with a month name in
 * English, French, German, Spanish, Italian or Portuguese, full or (English)
 * abbreviated: "12 March 1985", "12-Mar-1985", "March 12th, 1985",
 * "12. März 1985", "12 de marzo de 1985", "1er mars 1985". Words other
 * than one month name, an ordinal suffix and "de"/"of" reject.
 */
static bool v_dob(const char *s, size_t len)
{
	int num[3], nd[3], nn = 0, month = 0, ty, tm, td;
	bool after_num = false;

	if (len > 40)
		return false;
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		if (tv_isdigit((char)c)) {
			size_t j = i;
			while (j < len && tv_isdigit(s[j]))
				j++;
			if (nn == 3 || j - i > 4)
				return false;
			num[nn] = (int)tv_num(s + i, j - i);
			nd[nn++] = (int)(j - i);
			i = j;
			after_num = true;
		} else if (tv_isalpha((char)c) || c >= 0x80) {
			size_t j = i;
			while (j < len && (tv_isalpha(s[j]) || (unsigned char)s[j] >= 0x80))
				j++;
			const char *w = s + i;
			size_t wn = j - i;
			int m = month_of(w, wn);
			if (m && !month)
				month = m;
			else if (!(after_num && (word_is(w, wn, "st") || word_is(w, wn, "nd") ||
						 word_is(w, wn, "rd") || word_is(w, wn, "th") ||
						 word_is(w, wn, "er"))) &&
				 !word_is(w, wn, "de") && !word_is(w, wn, "of"))
				return false;
			i = j;
			after_num = false;
		} else if (tv_in_set((char)c, " ,./-")) {
			i++;
			after_num = false;
		} else {
			return false;
		}
	}
	tv_today(&ty, &tm, &td);
	if (month) { /* day and year, either order */
		if (nn != 2)
			return false;
		int day = nd[0] <= 2 ? num[0] : num[1], year = nd[0] <= 2 ? num[1] : num[0];
		int dd = nd[0] <= 2 ? nd[0] : nd[1], yd = nd[0] <= 2 ? nd[1] : nd[0];
		return dd <= 2 && yd == 4 && birth_ok(year, month, day, ty, tm, td);
	}
	if (nn != 3)
		return false;
	if (nd[0] == 4) /* year first: y-m-d */
		return nd[1] <= 2 && nd[2] <= 2 && birth_ok(num[0], num[1], num[2], ty, tm, td);
	return nd[0] <= 2 && nd[1] <= 2 && (nd[2] == 4 || nd[2] == 2) &&
	       dob_any(num[0], num[1], num[2], nd[2], ty, tm, td);
}

/* One coordinate as read by latlon: whole degrees, whether anything after
 * the decimal point or in minutes/seconds is non-zero, the sign and the
 * hemisphere letter (0 when none). */
struct coord {
	long deg;
	bool frac;
	bool neg;
	char hemi;
};

static bool skip_lit(const char *s, size_t len, size_t *i, const char *lit)
{
	size_t n = strlen(lit);
	if (*i + n > len || memcmp(s + *i, lit, n) != 0)
		return false;
	*i += n;
	return true;
}

static size_t digits_at(const char *s, size_t len, size_t i)
{
	size_t j = i;
	while (j < len && tv_isdigit(s[j]))
		j++;
	return j - i;
}

/* Reads a decimal number "ddd[.dddd]", returning its digit counts. */
static bool read_dec(const char *s, size_t len, size_t *i, long *whole, bool *frac,
		     size_t *nfrac)
{
	size_t k = digits_at(s, len, *i);
	if (k == 0 || k > 3)
		return false;
	*whole = tv_num(s + *i, k);
	*i += k;
	*nfrac = 0;
	*frac = false;
	if (*i + 1 < len && s[*i] == '.' && tv_isdigit(s[*i + 1])) {
		k = digits_at(s, len, ++*i);
		for (size_t j = 0; j < k; j++)
			*frac |= s[*i + j] != '0';
		*nfrac = k;
		*i += k;
	}
	return true;
}

static void skip_spaces(const char *s, size_t len, size_t *i)
{
	while (*i < len && (s[*i] == ' ' || s[*i] == '\t'))
		(*i)++;
}

/* Degrees, minutes, seconds: 48°51'29.6"N (prime marks as ' " or the
 * Unicode primes). */
static bool read_dms(const char *s, size_t len, size_t *i, struct coord *c)
{
	long d, m, sec;
	bool f;
	size_t nf;

	if (!read_dec(s, len, i, &d, &f, &nf) || nf)
		return false;
	if (!skip_lit(s, len, i, "\xC2\xB0"))
		return false;
	skip_spaces(s, len, i);
	if (!read_dec(s, len, i, &m, &f, &nf) || nf || m >= 60)
		return false;
	if (!skip_lit(s, len, i, "'") && !skip_lit(s, len, i, "\xE2\x80\xB2"))
		return false;
	skip_spaces(s, len, i);
	if (!read_dec(s, len, i, &sec, &f, &nf) || sec >= 60)
		return false;
	if (!skip_lit(s, len, i, "\"") && !skip_lit(s, len, i, "''") &&
	    !skip_lit(s, len, i, "\xE2\x80\xB3"))
		return false;
	c->deg = d;
	c->frac = m || sec || f;
	return true;
}

static bool read_coord(const char *s, size_t len, size_t *i, struct coord *c)
{
	size_t save = *i, nf;

	memset(c, 0, sizeof *c);
	if (*i < len && (s[*i] == '-' || s[*i] == '+'))
		c->neg = s[(*i)++] == '-';
	size_t at = *i;
	if (!c->neg && read_dms(s, len, i, c)) {
		nf = 1; /* has minutes and seconds */
	} else {
		*i = at;
		if (!read_dec(s, len, i, &c->deg, &c->frac, &nf) || nf < 3)
			return *i = save, false;
		skip_lit(s, len, i, "\xC2\xB0");
	}
	size_t before = *i;
	skip_spaces(s, len, i);
	if (*i < len && tv_in_set(s[*i], "NSEWO") &&
	    (*i + 1 == len || !tv_isalpha(s[*i + 1]))) {
		if (c->neg)
			return false; /* a sign and a hemisphere */
		c->hemi = s[(*i)++];
	} else {
		*i = before;
	}
	return true;
}

/*
 * latlon: a latitude and a longitude, in this order: decimal degrees with
 * at least three decimals ("48.85837, 2.29448", "-33.8568 151.2153"),
 * optionally with a degree sign and hemisphere letters ("48.8584° N,
 * 2.2945° E"), or degrees, minutes and seconds with hemispheres
 * (48°51'29.6"N 2°17'40.2"E; O is accepted for west). Separated by ',',
 * ';', '/' or spaces. Latitude at most 90, longitude at most 180, minutes
 * and seconds under 60; hemispheres N/S then E/W/O, and both or neither;
 * "0.000, 0.000" (no position) rejects.
 */
static bool v_latlon(const char *s, size_t len)
{
	struct coord a, b;
	size_t i = 0;

	if (len > 80 || !read_coord(s, len, &i, &a))
		return false;
	size_t sep = i;
	skip_spaces(s, len, &i);
	if (i < len && tv_in_set(s[i], ",;/"))
		i++;
	skip_spaces(s, len, &i);
	if (i == sep && !(i < len && (s[i] == '-' || s[i] == '+')))
		return false; /* nothing between the two numbers */
	if (!read_coord(s, len, &i, &b) || i != len)
		return false;
	if ((a.hemi != 0) != (b.hemi != 0))
		return false;
	if (a.hemi && (!tv_in_set(a.hemi, "NS") || !tv_in_set(b.hemi, "EWO")))
		return false;
	if (a.deg > 90 || (a.deg == 90 && a.frac) || b.deg > 180 ||
	    (b.deg == 180 && b.frac))
		return false;
	return a.deg || a.frac || b.deg || b.frac;
}

/* ---- phone numbers ------------------------------------------------------------ */

/*
 * The digits of a phone number: separators ' ' '.' '-' '/' and one pair of
 * parentheses around the area code are skipped; a '+' only first; "(0)",
 * the trunk digit printed after a country code, is dropped. *plus says
 * whether the number began with '+' (the country code follows).
 */
static bool phone_digits(const char *s, size_t len, char *d, size_t cap, size_t *n,
			 bool *plus)
{
	size_t k = 0;
	int paren = 0;

	*plus = len > 0 && s[0] == '+';
	for (size_t i = *plus ? 1 : 0; i < len; i++) {
		char c = s[i];
		if (tv_isdigit(c)) {
			if (k + 1 >= cap)
				return false;
			d[k++] = c;
		} else if (c == '(' && i + 2 < len && s[i + 1] == '0' && s[i + 2] == ')' &&
			   k > 0) {
			i += 2; /* "(0)" after the country code */
		} else if (c == '(' && !paren) {
			paren = 1;
		} else if (c == ')' && paren == 1) {
			paren = 2;
		} else if (!tv_in_set(c, " .-/")) {
			return false;
		}
	}
	d[k] = '\0';
	*n = k;
	return paren != 1;
}

/*
 * What is written like a phone number but is something else: all its
 * digits a fill-in run ("1234567890"); a decimal number (one '.' and no
 * other separator: "353207.547"); a date (digit groups 1-2, 1-2, 4 or 4,
 * 1-2, 1-2 joined by '/', '.' or '-': "07/07/2013").
 */
static bool phone_lookalike(const char *s, size_t len)
{
	size_t g[8], ng = 0, run = 0, dots = 0, other = 0;

	for (size_t i = 0; i < len; i++) {
		if (tv_isdigit(s[i])) {
			run++;
			continue;
		}
		if (run) {
			if (ng == 8)
				return false;
			g[ng++] = run;
		}
		run = 0;
		if (s[i] == '.')
			dots++;
		else if (s[i] != '/' && s[i] != '-')
			other++;
	}
	if (run && ng < 8)
		g[ng++] = run;
	if (placeholder_digits(s, len) || (dots == 1 && ng == 2 && !other &&
					   len > 0 && s[0] != '+'))
		return true;
	return ng == 3 && !other &&
	       ((g[0] <= 2 && g[1] <= 2 && g[2] == 4) || (g[0] == 4 && g[1] <= 2 && g[2] <= 2));
}

/*
 * The national significant number (NSN) of a number in country cc: after
 * "+cc" or "00cc"; or, written nationally, after dropping the trunk prefix
 * trunk ("0"; "" where the country has none, "1" optional for NANP).
 * Returns a pointer into d, or NULL (also for a phone_lookalike()).
 */
static const char *phone_nsn(const char *s, size_t len, const char *cc,
			     const char *trunk, char *d, size_t cap, size_t *nsn)
{
	size_t n, ccn = strlen(cc), tn = strlen(trunk);
	bool plus;

	if (phone_lookalike(s, len) || !phone_digits(s, len, d, cap, &n, &plus))
		return NULL;
	if (plus) {
		if (n <= ccn || memcmp(d, cc, ccn) != 0)
			return NULL;
		*nsn = n - ccn;
		return d + ccn;
	}
	if (n > ccn + 2 && d[0] == '0' && d[1] == '0' && memcmp(d + 2, cc, ccn) == 0) {
		*nsn = n - ccn - 2;
		return d + ccn + 2;
	}
	if (tn && n > tn && memcmp(d, trunk, tn) == 0) {
		*nsn = n - tn;
		return d + tn;
	}
	if (tn && strcmp(trunk, "1") != 0)
		return NULL; /* national numbers need their trunk 0 */
	*nsn = n;
	return d;
}

/* A fill-in number: its last six digits all the same ("06 00 00 00 00"). */
static bool phone_filler(const char *p, size_t n)
{
	return n >= 6 && tv_repdigit(p + n - 6, 6);
}

/*
 * phone_fr: French number, 9 significant digits after +33 (or 0033), or
 * 10 digits starting 0 written nationally: 01 23 45 67 89, +33 1 23 45 67
 * 89, +33 (0)1 23 45 67 89. Separators: spaces, dots, hyphens.
 */
static bool v_phone_fr(const char *s, size_t len)
{
	char d[24];
	size_t n;
	const char *p = phone_nsn(s, len, "33", "0", d, sizeof d, &n);
	bool ok = p && n == 9 && p[0] != '0' && !phone_filler(p, n);

	tv_wipe(d, sizeof d);
	return ok;
}

/*
 * phone_de: German number: after +49 (or 0049) or the trunk 0, an area
 * code not starting with 0 and the subscriber number, 7 to 11 significant
 * digits in all (10 or 11 for mobiles, 15x 16x 17x): +49 30 12345678,
 * +49 (0)151 23456789, 030/1234567, (030) 123 4567.
 */
static bool v_phone_de(const char *s, size_t len)
{
	char d[24];
	size_t n;
	const char *p = phone_nsn(s, len, "49", "0", d, sizeof d, &n);
	bool ok = p && n >= 7 && n <= 11 && p[0] != '0' && !phone_filler(p, n) &&
		  !(p[0] == '1' && tv_in_set(p[1], "567") && n < 10);

	tv_wipe(d, sizeof d);
	return ok;
}

/*
 * phone_it: Italian number (no trunk prefix: the 0 of a landline belongs
 * to the number): landlines 0 and 8 to 11 digits in all (the 6- and
 * 7-digit numbers of small places are not taken: too many other numbers
 * look like them), mobiles 3 and 9 or 10 digits, after +39 (or 0039) or
 * alone: +39 06 1234 5678, 347 123 4567. Written alone as ddd-ddd-dddd it
 * is a North American number (the same digits), not taken here.
 */
static bool v_phone_it(const char *s, size_t len)
{
	char d[24];
	size_t n;
	const char *p = phone_nsn(s, len, "39", "", d, sizeof d, &n);
	bool nanp = len == 12 && s[3] == '-' && s[7] == '-'; /* ddd-ddd-dddd */
	bool ok = p && !phone_filler(p, n) && !nanp &&
		  ((p[0] == '0' && n >= 8 && n <= 11) ||
		   (p[0] == '3' && (n == 9 || n == 10)));

	tv_wipe(d, sizeof d);
	return ok;
}

/*
 * phone_es: Spanish number, 9 digits starting 6 or 7 (mobile) or 8 or 9
 * (fixed), after +34 (or 0034) or alone: +34 612 34 56 78, 912 345 678.
 */
static bool v_phone_es(const char *s, size_t len)
{
	char d[24];
	size_t n;
	const char *p = phone_nsn(s, len, "34", "", d, sizeof d, &n);
	bool ok = p && n == 9 && p[0] >= '6' && !phone_filler(p, n);

	tv_wipe(d, sizeof d);
	return ok;
}

/*
 * phone_uk: UK number, 9 or 10 significant digits starting 1, 2, 3, 5, 7,
 * 8 or 9 (mobiles, 7, have 10), after +44 (or 0044) or the trunk 0:
 * +44 20 7946 0958, +44 (0)7700 900123, 020 7946 0958, (01632) 960123.
 */
static bool v_phone_uk(const char *s, size_t len)
{
	char d[24];
	size_t n;
	const char *p = phone_nsn(s, len, "44", "0", d, sizeof d, &n);
	bool ok = p && (n == 9 || n == 10) && tv_in_set(p[0], "1235789") &&
		  !(p[0] == '7' && n != 10) && !phone_filler(p, n);

	tv_wipe(d, sizeof d);
	return ok;
}

/*
 * phone_br: Brazilian number: a two-digit area code (11-99, no zero digit)
 * and the subscriber number, 9 digits starting 9 (mobile) or 8 starting 2
 * to 5 (fixed), after +55 (or 0055), or written nationally with or without
 * the trunk 0: +55 11 91234-5678, (11) 3456-7890, 011 3456 7890.
 */
static bool v_phone_br(const char *s, size_t len)
{
	char d[24];
	size_t n;
	bool plus;
	const char *p = phone_nsn(s, len, "55", "", d, sizeof d, &n);

	if (p && p == d && phone_digits(s, len, d, sizeof d, &n, &plus) && !plus &&
	    d[0] == '0' && n > 10)
		p = d + 1, n--; /* national with the trunk 0 */
	bool ok = p && (n == 10 || n == 11) && p[0] != '0' && p[1] != '0' &&
		  (n == 11 ? p[2] == '9' : p[2] >= '2' && p[2] <= '5') &&
		  !phone_filler(p + 2, n - 2);

	tv_wipe(d, sizeof d);
	return ok;
}

/*
 * phone_nanp: North American number (US, Canada): area code and exchange
 * each NXX (N 2-9) and not N11, then 4 digits; after +1 (or 001), with an
 * optional leading 1 written nationally: +1 (212) 555-0147, 1-800-555-0199,
 * (212) 555-0147, 212.555.0147.
 */
static bool v_phone_nanp(const char *s, size_t len)
{
	char d[24];
	size_t n;
	const char *p = phone_nsn(s, len, "1", "1", d, sizeof d, &n);
	bool ok = p && n == 10 && p[0] >= '2' && p[3] >= '2' &&
		  !(p[1] == '1' && p[2] == '1') && !(p[4] == '1' && p[5] == '1') &&
		  !phone_filler(p, n);

	tv_wipe(d, sizeof d);
	return ok;
}

/* ---- web and vehicles ------------------------------------------------------------ */

/*
 * http_cookie: a complete Cookie or Set-Cookie header with one value:
 * "Cookie:" or "Set-Cookie:" (any case), spaces or tabs, a cookie name (an
 * RFC 7230 token), '=', and a value of RFC 6265 cookie-octets (the quote
 * and apostrophe excluded). Placeholders of documentation reject: a value
 * that begins with < { [ ( $ or %, that is one character repeated
 * ("xxx", "..."), or that is the word "value".
 */
static bool v_http_cookie(const char *s, size_t len)
{
	static const char tchar[] = "!#$%&*+.^_`|~-";
	size_t i = 0;

	if (len >= 4 && (s[0] | 32) == 's' && (s[1] | 32) == 'e' && (s[2] | 32) == 't' &&
	    s[3] == '-')
		i = 4;
	if (len - i < 7)
		return false;
	for (size_t k = 0; k < 6; k++)
		if ((s[i + k] | 32) != "cookie"[k])
			return false;
	i += 6;
	if (s[i++] != ':')
		return false;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	size_t name = i;
	while (i < len && (tv_isalpha(s[i]) || tv_isdigit(s[i]) || tv_in_set(s[i], tchar)))
		i++;
	if (i == name || i >= len || s[i++] != '=' || i == len)
		return false;
	size_t v = i;
	for (; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x21 || c > 0x7E || c == '"' || c == '\'' || c == ',' || c == ';' ||
		    c == '\\')
			return false;
	}
	if (tv_in_set(s[v], "<{[($%") || tv_repdigit(s + v, len - v))
		return false;
	return !(len - v == 5 && word_is(s + v, 5, "value"));
}

/*
 * vin: vehicle identification number (ISO 3779): 17 characters from 0-9
 * and A-Z without I, O and Q, with letters and digits both present, the
 * last four characters digits (every maker's serial ends so), letters
 * case-folded. Vehicles made for North America (first character 1-5) and
 * China (L) carry a check digit in position 9 (transliterated values
 * weighted 8 7 6 5 4 3 2 10 0 9 8 7 6 5 4 3 2, mod 11, 10 written X),
 * which must agree; their model-year character (position 10) is never
 * U, Z or 0.
 */
static bool v_vin(const char *s, size_t len)
{
	static const int w[17] = { 8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2 };
	/* transliteration of A..Z (I, O, Q never occur) */
	static const int tr[26] = { 1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 2, 3, 4,
				    5, 0, 7, 0, 9, 2, 3, 4, 5, 6, 7, 8, 9 };
	char buf[18];
	bool ok = false, letter = false;
	int sum = 0;

	if (len != 17)
		return false;
	for (size_t i = 0; i < 17; i++) {
		char c = tv_upper(s[i]);
		if (!tv_isdigit(c) && (!tv_isupper(c) || tv_in_set(c, "IOQ")))
			goto out;
		letter |= tv_isupper(c);
		buf[i] = c;
		sum += w[i] * (tv_isdigit(c) ? c - '0' : tr[c - 'A']);
	}
	buf[17] = '\0';
	if (!letter || !tv_digits(buf + 13, 4) || placeholder_digits(buf, 17))
		goto out;
	if ((buf[0] >= '1' && buf[0] <= '5') || buf[0] == 'L') {
		if (tv_in_set(buf[9], "UZ0") || buf[8] != "0123456789X"[sum % 11])
			goto out;
	}
	ok = true;
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/* ---- the table ---------------------------------------------------------------- */

const struct trawl_validator trawl_validators_world[] = {
	{ "plain_id", v_plain_id,
	  "identifier without check digits: 4-24 letters/digits, no fill-in value" },
	{ "ar_dni", v_ar_dni, "Argentine DNI, 7 or 8 digits" },
	{ "ar_cuit_person", v_ar_cuit_person,
	  "Argentine CUIT/CUIL of a person (20 23 24 27), mod 11" },
	{ "ar_cuit_org", v_ar_cuit_org,
	  "Argentine CUIT of an organisation (30 33 34 50 51 55), mod 11" },
	{ "ar_sube", v_ar_sube, "Argentine SUBE card, 6061 and Luhn" },
	{ "cl_rut", v_cl_rut, "Chilean RUT/RUN, mod 11 (0-9 or K)" },
	{ "co_nit_person", v_co_nit_person, "Colombian NIT of a person, mod 11" },
	{ "co_nit_org", v_co_nit_org, "Colombian NIT of a company (8/9 + 8 digits), mod 11" },
	{ "co_cedula", v_co_cedula, "Colombian cedula de ciudadania (format)" },
	{ "br_rg", v_br_rg, "Brazilian RG (Sao Paulo form), mod 11" },
	{ "br_cep", v_br_cep, "Brazilian postal code (CEP), 8 digits" },
	{ "mx_curp", v_mx_curp, "Mexican CURP: birth date, state, check digit" },
	{ "mx_rfc_person", v_mx_rfc_person, "Mexican RFC of a person: date, check" },
	{ "mx_rfc_org", v_mx_rfc_org, "Mexican RFC of a company: date, check" },
	{ "au_tfn", v_au_tfn, "Australian Tax File Number, weighted mod 11" },
	{ "fr_spi", v_fr_spi, "French numero fiscal (SPI), 13 digits, mod 511" },
	{ "uk_utr", v_uk_utr, "UK Unique Taxpayer Reference, mod 11" },
	{ "us_itin", v_us_itin, "US ITIN, 9xx and the IRS group ranges" },
	{ "es_nif_person", v_es_nif_person,
	  "Spanish NIF of a person (DNI, NIE, K/L/M), check letter" },
	{ "es_cif", v_es_cif, "Spanish CIF, entity letter and check" },
	{ "es_nss", v_es_nss, "Spanish social security number, mod 97" },
	{ "de_id_card", v_de_id_card, "German identity card number, ICAO check" },
	{ "de_passport", v_de_passport, "German passport number, ICAO check" },
	{ "ca_uci", v_ca_uci, "Canadian immigration client id (UCI), 8 or 10 digits" },
	{ "us_dl", v_us_dl, "US driver's licence, the states' formats" },
	{ "uk_dl", v_uk_dl, "GB driving licence: surname, birth date, initials" },
	{ "in_dl", v_in_dl, "Indian driving licence: state, RTO, year" },
	{ "uk_electoral", v_uk_electoral, "UK electoral roll number (format)" },
	{ "dob", v_dob, "date of birth: a real date, 1900 to today" },
	{ "latlon", v_latlon, "latitude and longitude in range" },
	{ "phone_fr", v_phone_fr, "French phone number" },
	{ "phone_de", v_phone_de, "German phone number" },
	{ "phone_it", v_phone_it, "Italian phone number" },
	{ "phone_es", v_phone_es, "Spanish phone number" },
	{ "phone_uk", v_phone_uk, "UK phone number" },
	{ "phone_br", v_phone_br, "Brazilian phone number" },
	{ "phone_nanp", v_phone_nanp, "US/Canada phone number (NANP)" },
	{ "http_cookie", v_http_cookie, "Cookie/Set-Cookie header with a value" },
	{ "vin", v_vin, "vehicle identification number, North American check" },
	{ NULL, NULL, NULL },
};
