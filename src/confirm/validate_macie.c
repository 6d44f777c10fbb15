/*
 * validate_macie.c - validators for Macie's managed identifiers not covered
 * elsewhere (issue 5, part 1): credentials, bank accounts and card data,
 * health identifiers, network and device identifiers.
 *
 * Each function follows validate.h's contract (pure, no allocation, reads
 * only s[0..len), copies at most into a small stack buffer that is wiped)
 * and its comment says which written forms it accepts. The identifier
 * files that use them are identifiers-staging/macie_financial_health.yaml
 * and credentials_more.yaml. tests/unit/test_validators_macie.c pins the
 * edges; tests/p1020-oracle-macie.py compares every one of them with
 * python-stdnum where stdnum implements the algorithm, else with an
 * independent Python implementation.
 */
#include "confirm/validate.h"
#include "confirm/validate_util.h"
#include "util/chars.h"

#include <stdint.h>
#include <string.h>

static bool is_alnum(char c)
{
	return tv_isdigit(c) || tv_isalpha(c);
}

/* ---- credentials ------------------------------------------------------- */

/* CRC-32 (IEEE 802.3, zlib's crc32), bitwise: the inputs are 30 bytes. */
static uint32_t crc32_ieee(const char *s, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;

	for (size_t i = 0; i < n; i++) {
		c ^= (unsigned char)s[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
	}
	return ~c;
}

/*
 * gh_token: a GitHub token. Either "ghp_", "gho_", "ghu_", "ghs_" or
 * "ghr_" and 36 letters and digits, the last six being GitHub's checksum:
 * the CRC-32 of the 30 before them, written in base 62 (0-9A-Za-z, most
 * significant first, padded with '0'); or a fine-grained token,
 * "github_pat_", 22 letters and digits, '_', 59 letters and digits (no
 * published checksum: the structure only). Nothing else, no separators.
 */
static bool tv_gh_token(const char *s, size_t len)
{
	static const char b62[] =
		"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	if (len == 93 && memcmp(s, "github_pat_", 11) == 0) {
		for (size_t i = 11; i < 93; i++)
			if (i == 33 ? s[i] != '_' : !is_alnum(s[i]))
				return false;
		return true;
	}
	if (len != 40 || s[0] != 'g' || s[1] != 'h' || s[3] != '_' ||
	    !memchr("pousr", s[2], 5))
		return false;
	for (size_t i = 4; i < 40; i++)
		if (!is_alnum(s[i]))
			return false;
	uint32_t crc = crc32_ieee(s + 4, 30);
	for (size_t i = 40; i-- > 34;) {
		if (s[i] != b62[crc % 62])
			return false;
		crc /= 62;
	}
	return crc == 0;
}

/* ---- bank accounts ----------------------------------------------------- */

/* True when the digits s[0..n) step up by one (mod 10): 123456789. */
static bool ascending(const char *s, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (s[i] != (s[i - 1] == '9' ? '0' : s[i - 1] + 1))
			return false;
	return true;
}

/*
 * bank_account: a US or Canadian bank account number as Macie reports it,
 * 9 to 17 digits written without separators. There is no check digit;
 * what rejects is the placeholders forms are filled with: one digit
 * repeated (000000000) and a run of ascending digits (123456789).
 */
static bool tv_bank_account(const char *s, size_t len)
{
	return len >= 9 && len <= 17 && tv_digits(s, len) &&
	       !tv_repdigit(s, len) && !ascending(s, len);
}

/* Value of an account character in the French RIB key: digits as they
 * are, letters by the table A-I 1-9, J-R 1-9, S-Z 2-9. */
static int rib_value(char c)
{
	if (tv_isdigit(c))
		return c - '0';
	if (c >= 'A' && c <= 'I')
		return c - 'A' + 1;
	if (c >= 'J' && c <= 'R')
		return c - 'J' + 1;
	if (c >= 'S' && c <= 'Z')
		return c - 'S' + 2;
	return -1;
}

/*
 * fr_rib: a French domestic account number (RIB, the BBAN of a French
 * IBAN), 23 characters: bank code (5 digits), branch code (5 digits),
 * account number (11 letters or digits) and the two-digit RIB key,
 * 97 - ((89 * bank + 15 * branch + 3 * account) mod 97), the account's
 * letters counted by rib_value(). Spaces and hyphens are skipped anywhere
 * ("30006 00001 12345678901 89"); letters case-insensitive.
 */
static bool tv_fr_rib(const char *s, size_t len)
{
	char buf[32];
	size_t n;
	bool ok = false;

	if (!tv_compact(s, len, " -", true, buf, sizeof buf, &n) || n != 23)
		goto out;
	if (!tv_digits(buf, 10) || !tv_digits(buf + 21, 2))
		goto out;
	unsigned acc = 0;
	for (size_t i = 10; i < 21; i++) {
		int v = rib_value(buf[i]);
		if (v < 0)
			goto out;
		acc = (acc * 10 + (unsigned)v) % 97;
	}
	unsigned r = (89 * tv_mod_dec(buf, 5, 97) + 15 * tv_mod_dec(buf + 5, 5, 97) +
		      3 * acc) % 97;
	ok = 97 - r == (unsigned)tv_num(buf + 21, 2);
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * de_bban: a German domestic account number in BBAN form, 18 digits: the
 * Bankleitzahl (8) and the account number (10, zero-padded). The BLZ's
 * first digit is a Bundesbank clearing area, 1 to 8; the account number is
 * not all zeros. Account check digits depend on the bank (about 150
 * methods in the Bundesbank's table) and are not checked. Spaces and
 * hyphens are skipped anywhere.
 */
static bool tv_de_bban(const char *s, size_t len)
{
	char buf[32];
	size_t n;
	bool ok = tv_compact(s, len, " -", false, buf, sizeof buf, &n) &&
		  n == 18 && tv_digits(buf, n) && buf[0] >= '1' &&
		  buf[0] <= '8' &&
		  !(tv_repdigit(buf + 8, 10) && buf[8] == '0');

	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * it_bban: an Italian domestic account number (the BBAN of an Italian
 * IBAN), 23 characters: the CIN check letter, ABI (5 digits), CAB (5
 * digits) and the account (12 letters or digits); the CIN is computed over
 * the 22 after it as the codice fiscale's check letter is (tv_cf_check).
 * Spaces and hyphens are skipped anywhere ("X 05428 11101 000000123456");
 * letters case-insensitive.
 */
static bool tv_it_bban(const char *s, size_t len)
{
	char buf[32];
	size_t n;
	bool ok = false;

	if (!tv_compact(s, len, " -", true, buf, sizeof buf, &n) || n != 23)
		goto out;
	if (!tv_isupper(buf[0]) || !tv_digits(buf + 1, 10))
		goto out;
	for (size_t i = 11; i < 23; i++)
		if (!tv_isdigit(buf[i]) && !tv_isupper(buf[i]))
			goto out;
	ok = tv_cf_check(buf + 1, 22) == buf[0];
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/* One CCC control digit over ten digits: weights 2^i mod 11. */
static char ccc_digit(const char *s)
{
	static const int w[10] = { 1, 2, 4, 8, 5, 10, 9, 7, 3, 6 };
	long c = tv_wsum(s, w, 10) % 11;

	return (char)('0' + (c < 2 ? c : 11 - c));
}

/*
 * es_ccc: a Spanish domestic account number (Código Cuenta Cliente, the
 * BBAN of a Spanish IBAN), 20 digits: bank (4), branch (4), two control
 * digits, account (10). The first control digit covers "00" + bank +
 * branch, the second the account (as stdnum.es.ccc). Spaces and hyphens
 * are skipped anywhere ("2100 0418 45 0200051332").
 */
static bool tv_es_ccc(const char *s, size_t len)
{
	char buf[32], head[10];
	size_t n;
	bool ok = false;

	if (!tv_compact(s, len, " -", false, buf, sizeof buf, &n) || n != 20 ||
	    !tv_digits(buf, n))
		goto out;
	head[0] = head[1] = '0';
	memcpy(head + 2, buf, 8);
	ok = buf[8] == ccc_digit(head) && buf[9] == ccc_digit(buf + 10);
out:
	tv_wipe(buf, sizeof buf);
	tv_wipe(head, sizeof head);
	return ok;
}

/* ---- card data --------------------------------------------------------- */

/*
 * card_cvv: a card security code (CVV2, CVC2, CID): 3 or 4 digits. A
 * 4-digit value from 1950 to 2099 rejects: next to "CVV" it is far more
 * often the expiry year than an Amex CID. One trailing '.', ',' or space
 * (which the pattern takes as part of its right delimiter) is skipped.
 */
static bool tv_card_cvv(const char *s, size_t len)
{
	if (len && (s[len - 1] == '.' || s[len - 1] == ',' || s[len - 1] == ' '))
		len--;
	if ((len != 3 && len != 4) || !tv_digits(s, len))
		return false;
	if (len == 4) {
		long y = tv_num(s, 4);
		if (y >= 1950 && y <= 2099)
			return false;
	}
	return true;
}

/* The month that the letters s[0..n) name: at least its first three
 * letters and no more than its English name (any case): "Feb", "febr",
 * "February"; 0 for none. */
static int month_name(const char *s, size_t n)
{
	static const char *const names[12] = {
		"january", "february", "march",     "april",   "may",      "june",
		"july",    "august",   "september", "october", "november", "december",
	};

	if (n < 3)
		return 0;
	for (int m = 0; m < 12; m++) {
		size_t k = 0;
		while (k < n && names[m][k] && (s[k] | 0x20) == names[m][k])
			k++;
		if (k == n)
			return m + 1;
	}
	return 0;
}

/*
 * card_expiry: a card's expiry date, in one of these forms:
 *   M/YY, MM/YY, M/YYYY, MM/YYYY   month 1-12; one space may stand on
 *                                  each side of the slash
 *   MM-YY, MM-YYYY                 two-digit month, no spaces
 *   Mon YYYY                       a month's name (its first three letters
 *                                  or more, any case), an optional '.',
 *                                  one optional space or '-'
 *   YY-Mon                         a two-digit year, '-', a month's name
 * A four-digit year is 20YY. A day before a month's name ("17 April 2018",
 * "3 Dec 2015", "1st May 2026"), which the pattern takes so that the span
 * starts there, makes a full date, not an expiry: it rejects.
 */
static bool tv_card_expiry(const char *s, size_t len)
{
	size_t i = 0, d, ys;

	while (i < len && tv_isdigit(s[i]))
		i++;
	d = i;
	if (d == 0) { /* Mon YYYY */
		while (i < len && tv_isalpha(s[i]))
			i++;
		if (!month_name(s, i))
			return false;
		if (i < len && s[i] == '.')
			i++;
		if (i < len && (s[i] == ' ' || s[i] == '-'))
			i++;
		return len - i == 4 && tv_digits(s + i, 4) && s[i] == '2' &&
		       s[i + 1] == '0';
	}
	if (d > 2)
		return false;
	if (d == 2 && i + 1 < len && s[i] == '-' && tv_isalpha(s[i + 1])) {
		size_t st = ++i; /* YY-Mon */
		while (i < len && tv_isalpha(s[i]))
			i++;
		return i == len && month_name(s + st, i - st);
	}
	long m = tv_num(s, d);
	if (m < 1 || m > 12)
		return false;
	if (i < len && s[i] == '-') {
		if (d != 2)
			return false;
		i++;
	} else {
		if (i < len && s[i] == ' ')
			i++;
		if (i >= len || s[i] != '/')
			return false;
		i++;
		if (i < len && s[i] == ' ')
			i++;
	}
	for (ys = i; i < len && tv_isdigit(s[i]); i++)
		;
	if (i != len || (i - ys != 2 && i - ys != 4))
		return false;
	return i - ys == 2 || (s[ys] == '2' && s[ys + 1] == '0');
}

/*
 * magstripe: a payment card's magnetic stripe, track 1 or track 2 (ISO/IEC
 * 7813), sentinels optional:
 *   track 1  [%]B PAN ^ NAME ^ YYMM SSS [discretionary] [?]
 *   track 2  [;] PAN = YYMM SSS [discretionary] [?]
 * PAN 12-19 digits, Luhn valid; NAME 2-26 of letters, digits, space and
 * / . ' -; month 01-12; service code SSS whose first digit is 1, 2, 5, 6,
 * 7 or 9; discretionary data letters and digits (track 1) or digits
 * (track 2), at most 50. '%' goes only with track 1, ';' only with track 2.
 * Works in place: nothing is copied.
 */
static bool tv_magstripe(const char *s, size_t len)
{
	size_t i = 0, n = len, p0, pl;
	bool t1;

	if (n && s[n - 1] == '?')
		n--;
	if (n && s[0] == '%') {
		if (n < 2 || s[1] != 'B')
			return false;
		i = 1;
	} else if (n && s[0] == ';') {
		if (n < 2 || !tv_isdigit(s[1]))
			return false;
		i = 1;
	}
	t1 = i < n && s[i] == 'B';
	if (t1)
		i++;
	for (p0 = i; i < n && tv_isdigit(s[i]); i++)
		;
	pl = i - p0;
	if (pl < 12 || pl > 19 || !tv_luhn(s + p0, pl))
		return false;
	if (i >= n || s[i++] != (t1 ? '^' : '='))
		return false;
	if (t1) {
		size_t nm = i;
		for (; i < n && s[i] != '^'; i++)
			if (!is_alnum(s[i]) && !memchr(" /.'-", s[i], 5))
				return false;
		if (i - nm < 2 || i - nm > 26 || i >= n)
			return false;
		i++; /* '^' */
	}
	if (n - i < 7 || !tv_digits(s + i, 7))
		return false;
	long mm = tv_num(s + i + 2, 2);
	if (mm < 1 || mm > 12 || !strchr("125679", s[i + 4]))
		return false;
	i += 7;
	if (n - i > 50)
		return false;
	for (; i < n; i++)
		if (t1 ? !is_alnum(s[i]) : !tv_isdigit(s[i]))
			return false;
	return true;
}

/* ISO 3166-1 alpha-2, the 249 assigned codes (Debian iso-codes 4.15) and
 * XK, the code SWIFT uses for Kosovo. */
static const char iso3166[] =
	"ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBS"
	"BTBVBWBYBZCACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEE"
	"EGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHM"
	"HNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLC"
	"LILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNA"
	"NCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURW"
	"SASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTO"
	"TRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVIVNVUWFWSYEYTZAZMZW"
	"XK";

/*
 * bic: a SWIFT code (ISO 9362 BIC), 8 or 11 characters, upper case, no
 * separators: institution (4 letters), country (2 letters, an assigned
 * ISO 3166-1 code or XK), location (2 letters or digits), optional branch
 * (3 letters or digits).
 */
static bool tv_bic(const char *s, size_t len)
{
	if (len != 8 && len != 11)
		return false;
	for (size_t i = 0; i < len; i++)
		if (i < 6 ? !tv_isupper(s[i]) : !tv_isupper(s[i]) && !tv_isdigit(s[i]))
			return false;
	return tv_code_in(s + 4, 2, iso3166);
}

/* ---- health ------------------------------------------------------------ */

/*
 * us_dea: a US DEA registration number, 9 characters: registrant type
 * (A B C D E F G H J K L M P R S T U X), the first letter of the
 * registrant's surname or 9, seven digits whose last is the check digit:
 * the last digit of (d1 + d3 + d5) + 2 * (d2 + d4 + d6). Upper case, no
 * separators.
 */
static bool tv_us_dea(const char *s, size_t len)
{
	if (len != 9 || !memchr("ABCDEFGHJKLMPRSTUX", s[0], 18) ||
	    (!tv_isupper(s[1]) && s[1] != '9') || !tv_digits(s + 2, 7))
		return false;
	const char *d = s + 2;
	int sum = (d[0] - '0') + (d[2] - '0') + (d[4] - '0') +
		  2 * ((d[1] - '0') + (d[3] - '0') + (d[5] - '0'));
	return sum % 10 == d[6] - '0';
}

/*
 * us_hicn: a Medicare Health Insurance Claim Number of the SSA kind: the
 * beneficiary's SSN (us_ssn's rules: area not 000, 666 or 9xx, group not
 * 00, serial not 0000, stdnum's blacklist) and a Beneficiary
 * Identification Code: a letter A B C D E F G H J K M T W, optionally
 * followed by a digit 1-9 or a letter. Spaces and hyphens are skipped
 * anywhere ("123-45-6789 A"); upper case.
 */
static bool tv_us_hicn(const char *s, size_t len)
{
	char buf[16];
	size_t n;
	bool ok = false;

	if (!tv_compact(s, len, " -", false, buf, sizeof buf, &n) ||
	    (n != 10 && n != 11))
		goto out;
	if (!memchr("ABCDEFGHJKMTW", buf[9], 13))
		goto out;
	if (n == 11 && !tv_isupper(buf[10]) && !(buf[10] >= '1' && buf[10] <= '9'))
		goto out;
	ok = tv_us_ssn(buf, 9);
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/* Letters a Medicare Beneficiary Identifier may use: A-Z less B I L O S Z. */
static bool mbi_letter(char c)
{
	return tv_isupper(c) && !strchr("BILOSZ", c);
}

/*
 * us_mbi: a Medicare Beneficiary Identifier, 11 characters by position:
 * 1 a digit 1-9; 2, 5, 8, 9 a letter; 3, 6 a letter or digit; 4, 7, 10,
 * 11 a digit. Letters are upper case and never B I L O S Z. No check
 * digit. Spaces and hyphens are skipped anywhere ("1EG4-TE5-MK73").
 */
static bool tv_us_mbi(const char *s, size_t len)
{
	static const char kind[] = "NAXNAXNAANN"; /* N digit, A letter, X either */
	char buf[16];
	size_t n;
	bool ok = false;

	if (!tv_compact(s, len, " -", false, buf, sizeof buf, &n) || n != 11 ||
	    buf[0] == '0')
		goto out;
	for (size_t i = 0; i < 11; i++) {
		bool d = tv_isdigit(buf[i]), a = mbi_letter(buf[i]);
		if (kind[i] == 'N' ? !d : kind[i] == 'A' ? !a : !d && !a)
			goto out;
	}
	ok = true;
out:
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * us_ndc: a US National Drug Code with its hyphens, labeler-product-package
 * as 4-4-2, 5-3-2 or 5-4-1 (the 10-digit code) or 5-4-2 (the 11-digit
 * billing form); digits only, the labeler code not all zeros. No check
 * digit.
 */
static bool tv_us_ndc(const char *s, size_t len)
{
	size_t seg[3], k = 0, run = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '-') {
			if (k == 2 || run == 0)
				return false;
			seg[k++] = run;
			run = 0;
		} else if (tv_isdigit(s[i])) {
			run++;
		} else {
			return false;
		}
	}
	if (k != 2 || run == 0)
		return false;
	seg[2] = run;
	bool shape = (seg[0] == 4 && seg[1] == 4 && seg[2] == 2) ||
		     (seg[0] == 5 && seg[1] == 3 && seg[2] == 2) ||
		     (seg[0] == 5 && seg[1] == 4 && (seg[2] == 1 || seg[2] == 2));
	return shape && !(tv_repdigit(s, seg[0]) && s[0] == '0');
}

/*
 * us_npi: a US National Provider Identifier, 10 digits beginning with 1 or
 * 2, whose last is a Luhn check digit computed with the card issuer prefix
 * 80840 in front. No separators.
 */
static bool tv_us_npi(const char *s, size_t len)
{
	char buf[16];
	bool ok = false;

	if (len != 10 || !tv_digits(s, 10) || (s[0] != '1' && s[0] != '2'))
		return false;
	memcpy(buf, "80840", 5);
	memcpy(buf + 5, s, 10);
	ok = tv_luhn(buf, 15);
	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * gs1_udi: the device identifier of a GS1 Unique Device Identifier in
 * human-readable form, "(01)" and a GTIN-14 (one space may follow the
 * parenthesis), whose last digit is the GS1 mod-10 check digit (weights 3
 * and 1 from the right).
 */
static bool tv_gs1_udi(const char *s, size_t len)
{
	if (len < 18 || memcmp(s, "(01)", 4) != 0)
		return false;
	s += 4, len -= 4;
	if (len == 15 && s[0] == ' ')
		s++, len--;
	return len == 14 && tv_digits(s, 14) && tv_gs1_check(s, 13) == s[13] - '0';
}

/* British Columbia PHN check (stdnum.ca.bc_phn): 9 first, weights on
 * digits 2-9, check (11 - sum) mod 11, which must be a digit. */
static bool bc_phn(const char *d)
{
	static const int w[8] = { 2, 4, 8, 5, 10, 9, 7, 3 };

	return d[0] == '9' && tv_mod11_check(tv_wsum(d + 1, w, 8)) == d[9] - '0';
}

/*
 * ca_health: a Canadian provincial health number of 10 digits, valid when
 * it is an Ontario health number (plain Luhn over all ten: Ontario doubles
 * the 1st, 3rd, 5th, 7th and 9th digit, which is Luhn for a 10-digit
 * number) or a British Columbia Personal Health Number (bc_phn()). The
 * Ontario version code letters are not part of the value. Spaces and
 * hyphens are skipped anywhere ("1234-567-890", "9698 658 215").
 */
static bool tv_ca_health(const char *s, size_t len)
{
	char buf[16];
	size_t n;
	bool ok = tv_compact(s, len, " -", false, buf, sizeof buf, &n) &&
		  n == 10 && tv_digits(buf, n) && (tv_luhn(buf, 10) || bc_phn(buf));

	tv_wipe(buf, sizeof buf);
	return ok;
}

/*
 * ehic: a European Health Insurance Card's identification number (card
 * field 8), 20 digits: "80" (ISO/IEC 7812 health card) and the ISO 3166-1
 * numeric code of a country that issues the card (EU, EEA, Switzerland,
 * UK), then 15 digits. No check digit is defined across issuers. Numbers
 * beginning 8024680246 are Finland's, reported as
 * FINLAND_EUROPEAN_HEALTH_INSURANCE_NUMBER, and reject here. Spaces and
 * hyphens are skipped anywhere.
 */
static bool tv_ehic(const char *s, size_t len)
{
	static const char countries[] =
		"040056100191196203208233246250276300348352372380428438440442"
		"470528578616620642703705724752756826";
	char buf[32];
	size_t n;
	bool ok = tv_compact(s, len, " -", false, buf, sizeof buf, &n) &&
		  n == 20 && tv_digits(buf, n) && buf[0] == '8' && buf[1] == '0' &&
		  memcmp(buf, "8024680246", 10) != 0 &&
		  tv_code_in(buf + 2, 3, countries);

	tv_wipe(buf, sizeof buf);
	return ok;
}

/* ---- network and devices ----------------------------------------------- */

/* Dotted-quad IPv4, s[0..n) exactly: four decimal octets 0-255 without
 * leading zeros. */
static bool v4_parse(const char *s, size_t n, unsigned char oct[4])
{
	size_t i = 0;

	for (int k = 0; k < 4; k++) {
		if (k > 0 && (i >= n || s[i++] != '.'))
			return false;
		size_t st = i;
		unsigned v = 0;
		while (i < n && tv_isdigit(s[i]) && i - st < 3)
			v = v * 10 + (unsigned)(s[i++] - '0');
		if (i == st || (i - st > 1 && s[st] == '0') || v > 255)
			return false;
		oct[k] = (unsigned char)v;
	}
	return i == n;
}

/* Colon-separated groups of 1-4 hex digits, s[0..n) exactly, into g;
 * the last may be a dotted quad (two groups) when v4 is set. n == 0 is
 * no groups. Returns the number of groups, -1 when malformed or more than
 * max. */
static int v6_groups(const char *s, size_t n, unsigned g[8], int max, bool v4)
{
	int k = 0;
	size_t i = 0;

	if (n == 0)
		return 0;
	for (;;) {
		size_t st = i;
		unsigned v = 0;
		while (i < n && s[i] != ':' && s[i] != '.' && i - st < 5) {
			int h = trawl_hexval(s[i++]);
			if (h < 0)
				return -1;
			v = v * 16 + (unsigned)h;
		}
		if (i < n && s[i] == '.') { /* a dotted quad ends the address */
			unsigned char o[4];
			if (!v4 || k + 2 > max || !v4_parse(s + st, n - st, o))
				return -1;
			g[k++] = (unsigned)o[0] << 8 | o[1];
			g[k++] = (unsigned)o[2] << 8 | o[3];
			return k;
		}
		if (i == st || i - st > 4 || k == max)
			return -1;
		g[k++] = v;
		if (i == n)
			return k;
		i++; /* ':' */
		if (i == n)
			return -1;
	}
}

/* IPv6 text form (RFC 4291 2.2): eight groups, or fewer with one "::",
 * the last two optionally a dotted quad. *nwritten counts the groups
 * written (a dotted quad as two). */
static bool v6_parse(const char *s, size_t n, unsigned g[8], int *nwritten)
{
	const char *dc = NULL;
	unsigned head[8], tail[8];
	int nh, nt;

	for (size_t i = 0; i + 1 < n; i++) {
		if (s[i] == ':' && s[i + 1] == ':') {
			if (dc)
				return false;
			dc = s + i;
			i++;
		}
	}
	if (!dc) {
		nh = v6_groups(s, n, head, 8, true);
		if (nh != 8)
			return false;
		memcpy(g, head, sizeof head);
		*nwritten = 8;
		return true;
	}
	size_t hl = (size_t)(dc - s);
	if (hl + 2 < n && dc[2] == ':')
		return false; /* ":::" */
	nh = v6_groups(s, hl, head, 7, false);
	if (nh < 0)
		return false;
	nt = v6_groups(dc + 2, n - hl - 2, tail, 7 - nh, true);
	if (nt < 0 || nh + nt > 7)
		return false;
	memset(g, 0, 8 * sizeof *g);
	memcpy(g, head, (size_t)nh * sizeof *g);
	memcpy(g + 8 - nt, tail, (size_t)nt * sizeof *g);
	*nwritten = nh + nt;
	return true;
}

/*
 * ip_address: an IPv4 or IPv6 address of a host. One trailing '.' (the
 * end of a sentence, which the pattern takes as its delimiter) is skipped.
 *   IPv4: dotted quad, octets 0-255 without leading zeros. Not a host:
 *     0.0.0.0/8, loopback 127/8, multicast and reserved 224/3 (netmasks,
 *     broadcast), the documentation blocks of RFC 5737 (192.0.2/24,
 *     198.51.100/24, 203.0.113/24), and a last octet of 0 or 255 (the
 *     network and broadcast addresses of a /24: 10.1.2.0 in "10.1.2.0/24").
 *     Not an address but a version or section number: a first octet under
 *     30 (other than 10, the private block) followed by three under 64 of
 *     which at least two are single digits ("2.6.35.9", "27.4.5.1",
 *     "1.8.5.6", also "1.1.1.1"). Such values are about 1 in 10,000
 *     addresses drawn at random, and most of what a dotted quad of small
 *     numbers means in text.
 *   IPv6: RFC 4291 text form (eight groups, or "::" once, optionally a
 *     dotted-quad tail), hex digits in either case; zone ids ("%eth0") are
 *     not part of the value. Not a host: :: and ::1, multicast ff00::/8,
 *     the documentation prefix 2001:db8::/32 (RFC 3849). Not an address
 *     but code: compressed forms with fewer than two groups written ("::2"
 *     as in a Python slice "[::2]", "a::") and addresses without a decimal
 *     digit (C++ scopes of hex-letter names, "A::BB", "C::cc").
 */
static bool tv_ip_address(const char *s, size_t len)
{
	if (len && s[len - 1] == '.')
		len--;
	if (len < 3 || len > 45)
		return false;
	if (!memchr(s, ':', len)) {
		unsigned char o[4];
		if (!v4_parse(s, len, o))
			return false;
		if (o[0] == 0 || o[0] == 127 || o[0] >= 224 || o[3] == 0 || o[3] == 255)
			return false;
		if (o[0] < 30 && o[0] != 10 && o[1] < 64 && o[2] < 64 && o[3] < 64 &&
		    (o[1] < 10) + (o[2] < 10) + (o[3] < 10) >= 2)
			return false;
		if ((o[0] == 192 && o[1] == 0 && o[2] == 2) ||
		    (o[0] == 198 && o[1] == 51 && o[2] == 100) ||
		    (o[0] == 203 && o[1] == 0 && o[2] == 113))
			return false;
		return true;
	}
	unsigned g[8];
	int written;
	if (!v6_parse(s, len, g, &written) || written < 2)
		return false;
	bool digit = false;
	for (size_t i = 0; i < len && !digit; i++)
		digit = tv_isdigit(s[i]);
	if (!digit)
		return false;
	bool zero = true;
	for (int i = 0; i < 7; i++)
		zero = zero && g[i] == 0;
	if (zero && g[7] <= 1) /* :: and ::1 */
		return false;
	if ((g[0] >> 8) == 0xff || (g[0] == 0x2001 && g[1] == 0x0db8))
		return false;
	return true;
}

/*
 * mac_address: a MAC (EUI-48) address of a device: six pairs of hex
 * digits separated by ':' or by '-' (one kind throughout), or three
 * groups of four separated by '.' (Cisco); either case. One trailing '.'
 * is skipped. Not a device: 00:00:00:00:00:00 and group addresses (the
 * multicast bit, the low bit of the first octet, set: broadcast
 * ff:ff:ff:ff:ff:ff, 01:00:5e:...).
 */
static bool tv_mac_address(const char *s, size_t len)
{
	unsigned char b[6];
	int nib = 0;

	if (len && s[len - 1] == '.')
		len--;
	if (len == 17) {
		char sep = s[2];
		if (sep != ':' && sep != '-')
			return false;
		for (size_t i = 2; i < 17; i += 3)
			if (s[i] != sep)
				return false;
	} else if (len == 14) {
		if (s[4] != '.' || s[9] != '.')
			return false;
	} else {
		return false;
	}
	memset(b, 0, sizeof b);
	for (size_t i = 0; i < len; i++) {
		if ((len == 17 && i % 3 == 2) || (len == 14 && (i == 4 || i == 9)))
			continue;
		int h = trawl_hexval(s[i]);
		if (h < 0)
			return false;
		b[nib / 2] = (unsigned char)(b[nib / 2] << 4 | h);
		nib++;
	}
	bool zero = true;
	for (int i = 0; i < 6; i++)
		zero = zero && b[i] == 0;
	return !zero && !(b[0] & 1);
}

/*
 * imei: a 15-digit IMEI whose last digit is its Luhn check digit (as
 * stdnum.imei; its 14-digit form without a check digit and the 16-digit
 * IMEISV have nothing to check and reject here), not all zeros. Spaces and
 * hyphens are skipped anywhere ("35-209900-176148-1").
 */
static bool tv_imei(const char *s, size_t len)
{
	char buf[24];
	size_t n;
	bool ok = tv_compact(s, len, " -", false, buf, sizeof buf, &n) &&
		  n == 15 && tv_digits(buf, n) && tv_luhn(buf, n) &&
		  !(tv_repdigit(buf, n) && buf[0] == '0');

	tv_wipe(buf, sizeof buf);
	return ok;
}

const struct trawl_validator trawl_validators_macie[] = {
	{ "gh_token", tv_gh_token, "GitHub token: prefix, base62 CRC-32 checksum" },
	{ "bank_account", tv_bank_account,
	  "US/Canadian bank account: 9-17 digits, no placeholder" },
	{ "fr_rib", tv_fr_rib, "French RIB (domestic BBAN), mod 97 key" },
	{ "de_bban", tv_de_bban, "German BBAN: BLZ clearing area, 18 digits" },
	{ "it_bban", tv_it_bban, "Italian BBAN, CIN check letter" },
	{ "es_ccc", tv_es_ccc, "Spanish CCC (domestic BBAN), two control digits" },
	{ "card_cvv", tv_card_cvv, "card security code: 3-4 digits, not a year" },
	{ "card_expiry", tv_card_expiry,
	  "card expiry date: MM/YY, MM-YYYY, Mon YYYY, YY-Mon; not a full date" },
	{ "magstripe", tv_magstripe,
	  "card magnetic stripe track 1/2: fields, Luhn PAN, month, service code" },
	{ "bic", tv_bic, "SWIFT/BIC: structure and ISO 3166 country" },
	{ "us_dea", tv_us_dea, "US DEA registration number, check digit" },
	{ "us_hicn", tv_us_hicn, "US Medicare HICN: SSN and beneficiary code" },
	{ "us_mbi", tv_us_mbi, "US Medicare Beneficiary Identifier, positions" },
	{ "us_ndc", tv_us_ndc, "US National Drug Code: 4-4-2, 5-3-2, 5-4-1, 5-4-2" },
	{ "us_npi", tv_us_npi, "US National Provider Identifier, Luhn with 80840" },
	{ "gs1_udi", tv_gs1_udi, "GS1 UDI device identifier: (01) GTIN-14, mod 10" },
	{ "ca_health", tv_ca_health,
	  "Canadian health number: Ontario Luhn or BC PHN mod 11" },
	{ "ehic", tv_ehic, "European Health Insurance Card number: 80 + country" },
	{ "ip_address", tv_ip_address, "IPv4/IPv6 host address (not loopback, doc)" },
	{ "mac_address", tv_mac_address, "MAC address of a device (unicast, not 0)" },
	{ "imei", tv_imei, "IMEI, 15 digits, Luhn" },
	{ NULL, NULL, NULL },
};
