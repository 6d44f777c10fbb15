/*
 * validate_util.h - helpers shared by the validators, and the validator
 * functions themselves (the registry in validators.c names them).
 *
 * Everything here is pure: no allocation, no I/O, no globals written. The
 * only outside state read is the current date (tv_today), which the
 * validators that mirror python-stdnum's "born in the future" rules need.
 */
#ifndef TRAWL_VALIDATE_UTIL_H
#define TRAWL_VALIDATE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* Largest compacted value any validator copies (IBAN is 34 characters). */
#define TV_MAXVAL 64

static inline bool tv_isdigit(char c) { return c >= '0' && c <= '9'; }
static inline bool tv_isupper(char c) { return c >= 'A' && c <= 'Z'; }
static inline bool tv_isalpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
static inline char tv_upper(char c)
{
	return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

/* True when c is one of the characters of set (never for c == '\0'). */
static inline bool tv_in_set(char c, const char *set)
{
	return c != '\0' && strchr(set, c) != NULL;
}

/*
 * Copies s[0..len) into out, dropping every character found in skip (a NUL
 * terminated set, may be "") and, when upper is set, folding ASCII letters
 * to upper case. Fails (returns false) when the result would exceed cap
 * characters; out is then partly written and still needs wiping. On success
 * out is NUL-terminated and *n is its length (cap must leave room for it).
 */
bool tv_compact(const char *s, size_t len, const char *skip, bool upper,
		char *out, size_t cap, size_t *n);

/* Wipes a stack buffer (explicit_bzero, so the compiler keeps it). */
void tv_wipe(void *p, size_t n);

/* True when s[0..n) is non-empty and all ASCII digits. */
bool tv_digits(const char *s, size_t n);

/*
 * True when s matches pattern character by character: 'N' a digit, 'A' an
 * upper-case letter, 'X' either. s has at least strlen(pattern)
 * characters.
 */
bool tv_shape(const char *s, const char *pattern);

/* True when every character of s[0..n) is the same (n > 0). */
bool tv_repdigit(const char *s, size_t n);

/* Value of the decimal digits s[0..n) (n <= 9 keeps it in range). */
long tv_num(const char *s, size_t n);

/*
 * True when code[0..k) is one of the k-character codes in list, a
 * NUL-terminated string of codes written one after another, each
 * optionally followed by one space ("AT BE CH" or "ATBECH").
 */
bool tv_code_in(const char *code, size_t k, const char *list);

/*
 * A US SSN-shaped number (SSN, ITIN): s[0..len) written ddd-dd-dddd,
 * ddd dd dddd or ddddddddd (mixed or misplaced separators fail). Copies
 * the nine characters into buf, NUL-terminated, and is true when they
 * are all digits. buf may be partly written either way: the caller
 * wipes it.
 */
bool tv_ssn_digits(const char *s, size_t len, char buf[10]);

/* Proleptic Gregorian date check, year 1..9999 (Python's datetime range). */
bool tv_date_ok(int y, int m, int d);

/* Today's local date (what python's datetime.date.today() returns). */
void tv_today(int *y, int *m, int *d);

/* Compares two dates: <0, 0, >0. */
int tv_date_cmp(int y1, int m1, int d1, int y2, int m2, int d2);

/* True when y-m-d exists (tv_date_ok) and is not after today (tv_today). */
bool tv_born_by_today(int y, int m, int d);

/* Luhn mod 10 over digits s[0..n): true when the checksum is 0. */
bool tv_luhn(const char *s, size_t n);

/* Remainder modulo m of the decimal number s[0..n) (digits only). */
unsigned tv_mod_dec(const char *s, size_t n, unsigned m);

/* sum(w[i] * digit(s[i])) for i < n. */
long tv_wsum(const char *s, const int *w, size_t n);

/*
 * The mod-11 check digit of a weighted sum: (11 - sum mod 11) mod 11,
 * with Python's non-negative modulo, so 0..10 for any sum (10 is no digit:
 * each caller says what it means).
 */
int tv_mod11_check(long sum);

/* The GS1 (EAN, GTIN) check digit of the digits s[0..n): weights 3 and 1
 * alternating from the rightmost (3), then (10 - sum mod 10) mod 10. */
int tv_gs1_check(const char *s, size_t n);

/* The Spanish DNI/NIE check letter of the number v: v mod 23 in
 * "TRWAGMYFPDXBNJZSQVHLCKE" (v >= 0). */
char tv_dni_letter(long v);

/*
 * The check letter of the Italian codice fiscale and bank CIN over
 * s[0..n), digits and upper-case letters only (the caller checks):
 * characters in odd places (1st, 3rd, ...) through the codice fiscale's
 * table, the others as their value (0-9, A-Z 0-25), the sum mod 26 as a
 * letter.
 */
char tv_cf_check(const char *s, size_t n);

/* ISO 7064 Mod 11, 10 checksum over digits (valid when it returns 1). */
int tv_mod11_10(const char *s, size_t n);

/* Verhoeff checksum over digits (valid when it returns 0). */
int tv_verhoeff(const char *s, size_t n);

/* The validators (see validators.c for the registry and descriptions). */
bool tv_luhn_plain(const char *s, size_t len);
bool tv_luhn_card(const char *s, size_t len);
bool tv_iban(const char *s, size_t len);
bool tv_us_ssn(const char *s, size_t len);
bool tv_ca_sin(const char *s, size_t len);
bool tv_br_cpf(const char *s, size_t len);
bool tv_br_cnpj(const char *s, size_t len);
bool tv_in_aadhaar(const char *s, size_t len);
bool tv_in_pan(const char *s, size_t len);
bool tv_uk_nino(const char *s, size_t len);
bool tv_uk_nhs(const char *s, size_t len);
bool tv_de_idnr(const char *s, size_t len);
bool tv_fr_nir(const char *s, size_t len);
bool tv_it_cf(const char *s, size_t len);
bool tv_es_dni(const char *s, size_t len);
bool tv_es_nie(const char *s, size_t len);
bool tv_nl_bsn(const char *s, size_t len);
bool tv_pl_pesel(const char *s, size_t len);
bool tv_be_nn(const char *s, size_t len);
bool tv_se_pnr(const char *s, size_t len);
bool tv_fi_hetu(const char *s, size_t len);
bool tv_dk_cpr(const char *s, size_t len);
bool tv_email(const char *s, size_t len);
bool tv_jwt(const char *s, size_t len);
bool tv_aws_secret(const char *s, size_t len);

#endif
