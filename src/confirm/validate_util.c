/*
 * validate_util.c - helpers shared by the check-digit validators.
 */
#include "confirm/validate_util.h"

#include <string.h>
#include <time.h>

bool tv_compact(const char *s, size_t len, const char *skip, bool upper,
		char *out, size_t cap, size_t *n)
{
	size_t k = 0;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c != '\0' && strchr(skip, c))
			continue;
		if (k + 1 >= cap)
			return false;
		out[k++] = upper ? tv_upper(c) : c;
	}
	out[k] = '\0';
	*n = k;
	return true;
}

void tv_wipe(void *p, size_t n)
{
	explicit_bzero(p, n);
}

bool tv_digits(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!tv_isdigit(s[i]))
			return false;
	return true;
}

bool tv_shape(const char *s, const char *pattern)
{
	for (size_t i = 0; pattern[i]; i++) {
		bool d = tv_isdigit(s[i]), a = tv_isupper(s[i]);
		if (pattern[i] == 'N' ? !d : pattern[i] == 'A' ? !a : !d && !a)
			return false;
	}
	return true;
}

bool tv_repdigit(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 1; i < n; i++)
		if (s[i] != s[0])
			return false;
	return true;
}

long tv_num(const char *s, size_t n)
{
	long v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

bool tv_code_in(const char *code, size_t k, const char *list)
{
	size_t n = strlen(list);

	for (size_t i = 0; i + k <= n; i += k) {
		if (memcmp(list + i, code, k) == 0)
			return true;
		if (list[i + k] == ' ')
			i++;
	}
	return false;
}

bool tv_ssn_digits(const char *s, size_t len, char buf[10])
{
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
	return tv_digits(buf, 9);
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool tv_date_ok(int y, int m, int d)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30,
				       31, 31, 30, 31, 30, 31 };

	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= mdays[m - 1] + (m == 2 && leap(y));
}

void tv_today(int *y, int *m, int *d)
{
	time_t now = time(NULL);
	struct tm tm;

	if (localtime_r(&now, &tm) == NULL) {
		*y = 1970, *m = 1, *d = 1;
		return;
	}
	*y = tm.tm_year + 1900;
	*m = tm.tm_mon + 1;
	*d = tm.tm_mday;
}

int tv_date_cmp(int y1, int m1, int d1, int y2, int m2, int d2)
{
	if (y1 != y2)
		return y1 < y2 ? -1 : 1;
	if (m1 != m2)
		return m1 < m2 ? -1 : 1;
	if (d1 != d2)
		return d1 < d2 ? -1 : 1;
	return 0;
}

bool tv_born_by_today(int y, int m, int d)
{
	int ty, tm, td;

	if (!tv_date_ok(y, m, d))
		return false;
	tv_today(&ty, &tm, &td);
	return tv_date_cmp(y, m, d, ty, tm, td) <= 0;
}

bool tv_luhn(const char *s, size_t n)
{
	unsigned sum = 0;
	bool dbl = false;

	if (n == 0)
		return false;
	for (size_t i = n; i-- > 0;) {
		unsigned d = (unsigned)(s[i] - '0');
		if (d > 9)
			return false;
		if (dbl) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
		dbl = !dbl;
	}
	return sum % 10 == 0;
}

unsigned tv_mod_dec(const char *s, size_t n, unsigned m)
{
	unsigned r = 0;

	for (size_t i = 0; i < n; i++)
		r = (r * 10 + (unsigned)(s[i] - '0')) % m;
	return r;
}

long tv_wsum(const char *s, const int *w, size_t n)
{
	long sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += (long)w[i] * (s[i] - '0');
	return sum;
}

int tv_mod11_check(long sum)
{
	long r = sum % 11;

	if (r < 0)
		r += 11;
	return (int)((11 - r) % 11);
}

int tv_gs1_check(const char *s, size_t n)
{
	int sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += (s[n - 1 - i] - '0') * (i % 2 == 0 ? 3 : 1);
	return (10 - sum % 10) % 10;
}

char tv_dni_letter(long v)
{
	return "TRWAGMYFPDXBNJZSQVHLCKE"[v % 23];
}

char tv_cf_check(const char *s, size_t n)
{
	static const unsigned char odd[26] = { 1,  0,  5,  7,  9,  13, 15, 17, 19,
					       21, 2,  4,  18, 20, 11, 3,  6,  8,
					       12, 14, 16, 10, 22, 25, 24, 23 };
	unsigned sum = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned v = (unsigned)(tv_isdigit(s[i]) ? s[i] - '0' : s[i] - 'A');
		sum += (i % 2 == 0) ? odd[v] : v;
	}
	return (char)('A' + sum % 26);
}

int tv_mod11_10(const char *s, size_t n)
{
	int check = 5;

	for (size_t i = 0; i < n; i++)
		check = (((check ? check : 10) * 2) % 11 + (s[i] - '0')) % 10;
	return check;
}

int tv_verhoeff(const char *s, size_t n)
{
	static const unsigned char mul[10][10] = {
		{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 },
		{ 1, 2, 3, 4, 0, 6, 7, 8, 9, 5 },
		{ 2, 3, 4, 0, 1, 7, 8, 9, 5, 6 },
		{ 3, 4, 0, 1, 2, 8, 9, 5, 6, 7 },
		{ 4, 0, 1, 2, 3, 9, 5, 6, 7, 8 },
		{ 5, 9, 8, 7, 6, 0, 4, 3, 2, 1 },
		{ 6, 5, 9, 8, 7, 1, 0, 4, 3, 2 },
		{ 7, 6, 5, 9, 8, 2, 1, 0, 4, 3 },
		{ 8, 7, 6, 5, 9, 3, 2, 1, 0, 4 },
		{ 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 },
	};
	static const unsigned char perm[8][10] = {
		{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 },
		{ 1, 5, 7, 6, 2, 8, 3, 0, 9, 4 },
		{ 5, 8, 0, 3, 7, 9, 6, 1, 4, 2 },
		{ 8, 9, 1, 6, 0, 4, 3, 5, 2, 7 },
		{ 9, 4, 5, 3, 1, 2, 6, 8, 7, 0 },
		{ 4, 2, 8, 6, 5, 7, 3, 9, 0, 1 },
		{ 2, 7, 9, 3, 8, 0, 6, 4, 1, 5 },
		{ 7, 0, 4, 6, 9, 1, 3, 2, 5, 8 },
	};
	int check = 0;

	for (size_t i = 0; i < n; i++) {
		int d = s[n - 1 - i] - '0';
		check = mul[check][perm[i % 8][d]];
	}
	return check;
}
