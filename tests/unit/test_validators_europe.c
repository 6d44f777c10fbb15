/*
 * test_validators_europe.c - unit tests for the European national
 * identification and tax number validators (src/confirm/validate_europe.c).
 *
 * All numbers are synthetic: random payloads with their check digits
 * computed offline with python-stdnum's calc_check_digit functions (or,
 * for Hungary, Luxembourg and Malta, the published rules), never a real
 * person's. tests/p1010-stdnum-europe.py compares the same validators with
 * stdnum on 100,000 candidates each; these tests pin the edges down by
 * name: valid numbers, a wrong check digit, wrong lengths, impossible
 * dates, the separators each validator documents, and the places where
 * trawl deliberately differs from stdnum (marked "stdnum differs").
 */
#include "vtest.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct vcase cases[] = {
	/* at_vnr: NNNC DDMMYY, weights 3 7 9 _ 5 8 4 2 1 6 mod 11 */
	{ "at_vnr", "7372091275", 1 },
	{ "at_vnr", "9149231297", 1 },
	{ "at_vnr", "1237 010180", 1 },  /* stdnum's example, space */
	{ "at_vnr", "1237010180", 1 },
	{ "at_vnr", "2237 010180", 0 },  /* stdnum's bad example */
	{ "at_vnr", "7382091275", 0 },  /* check digit off by one */
	{ "at_vnr", "0372091275", 0 },  /* serial starts with 0 */
	{ "at_vnr", "737209127", 0 },  /* 9 digits */
	{ "at_vnr", "73720912755", 0 },  /* 11 digits */
	{ "at_vnr", "7372-091275", 0 },  /* hyphen is no separator */
	{ "at_vnr", "1295279961", 0 },  /* check would be 10 */
	{ "at_vnr", "1295270861", 1 },
	/* at_tin: office, subject, check */
	{ "at_tin", "095736815", 1 },
	{ "at_tin", "469303648", 1 },
	{ "at_tin", "59-119/9013", 1 },  /* stdnum's example */
	{ "at_tin", "59 119 9013", 1 },
	{ "at_tin", "591199013", 1 },
	{ "at_tin", "591199014", 0 },  /* check digit */
	{ "at_tin", "013322458", 0 },  /* office 01 does not exist */
	{ "at_tin", "59.119.9013", 0 },  /* dots not skipped; stdnum differs */
	{ "at_tin", "59119901", 0 },  /* 8 digits */
	/* bg_egn: YYMMDD (+20 1800s, +40 2000s) SSS C */
	{ "bg_egn", "7503163830", 1 },  /* 1975-03-16 */
	{ "bg_egn", "9127022367", 1 },  /* 1891-07-02 */
	{ "bg_egn", "0551304050", 1 },  /* 2005-11-30 */
	{ "bg_egn", "8032056031", 1 },  /* stdnum's example */
	{ "bg_egn", "7503163831", 0 },  /* check digit */
	{ "bg_egn", "7502304153", 0 },  /* 30 February, right check */
	{ "bg_egn", "8019010008", 0 },  /* stdnum's: month 19 */
	{ "bg_egn", "7552A10004", 0 },
	{ "bg_egn", "752316 926 3", 0 },  /* compact only; stdnum differs */
	{ "bg_egn", "750316383", 0 },
	/* hr_oib: ISO 7064 mod 11,10 */
	{ "hr_oib", "49909514543", 1 },
	{ "hr_oib", "33392005961", 1 },  /* stdnum's example */
	{ "hr_oib", "33392005962", 0 },
	{ "hr_oib", "HR33392005961", 0 },  /* VAT form; stdnum differs */
	{ "hr_oib", "3339200596", 0 },
	{ "hr_oib", "333 920 059 61", 0 },  /* stdnum skips spaces */
	/* cy_tic: 8 digits and a check letter, never 12... */
	{ "cy_tic", "97195406J", 1 },
	{ "cy_tic", "03589525J", 1 },
	{ "cy_tic", "03589525j", 1 },  /* lower case letter */
	{ "cy_tic", "10259033P", 1 },  /* stdnum's example */
	{ "cy_tic", "10259033Z", 0 },
	{ "cy_tic", "12247201G", 0 },  /* 12 prefix, right letter */
	{ "cy_tic", "CY10259033P", 0 },  /* VAT form; stdnum differs */
	{ "cy_tic", "1025903P", 0 },
	{ "cy_tic", "102590331", 0 },  /* digit for the letter */
	/* cz_rc */
	{ "cz_rc", "710319/2745", 1 },  /* stdnum's example */
	{ "cz_rc", "7103192745", 1 },
	{ "cz_rc", "710319 2745", 1 },
	{ "cz_rc", "710319 / 2745", 1 },
	{ "cz_rc", "7103192746", 0 },  /* check digit */
	{ "cz_rc", "1103492745", 0 },  /* stdnum's: impossible date */
	{ "cz_rc", "8556150394", 1 },  /* woman, month +50 */
	{ "cz_rc", "0822295474", 1 },  /* month +20, 29 Feb 2008 */
	{ "cz_rc", "1282316200", 1 },  /* month +70 */
	{ "cz_rc", "9001010755", 1 },
	{ "cz_rc", "9045122614", 0 },  /* month 45; stdnum differs */
	{ "cz_rc", "991231123", 1 },  /* nine digits, 1899 */
	{ "cz_rc", "320412329", 1 },  /* nine digits, 1932 */
	{ "cz_rc", "590312/123", 0 },  /* nine digits in 1959 */
	{ "cz_rc", "710319-2745", 0 },  /* hyphen not skipped */
	{ "cz_rc", "71031927", 0 },
	/* ee_ik, lt_ak */
	{ "ee_ik", "36805280109", 1 },  /* stdnum's example */
	{ "ee_ik", "36805282659", 1 },
	{ "ee_ik", "50402294275", 1 },  /* 29 Feb 2004 */
	{ "ee_ik", "15001017754", 1 },  /* 1850 */
	{ "ee_ik", "36805280108", 0 },
	{ "ee_ik", "37002307449", 0 },  /* 30 February */
	{ "ee_ik", "07002032170", 0 },  /* century digit 0 */
	{ "ee_ik", "3680528010", 0 },
	{ "ee_ik", "368052 80109", 0 },  /* stdnum skips spaces */
	{ "lt_ak", "33309240064", 1 },  /* stdnum's example */
	{ "lt_ak", "33309240164", 0 },
	{ "lt_ak", "97621682752", 1 },  /* 9: no date */
	{ "lt_ak", "37002307449", 0 },
	{ "lt_ak", "07002032170", 0 },
	/* de_stnr: structure only */
	{ "de_stnr", "181/815/08155", 1 },
	{ "de_stnr", " 181/815/0815 5", 1 },  /* stdnum's example */
	{ "de_stnr", "21/815/08150", 1 },
	{ "de_stnr", "4151081508156", 1 },  /* Thüringen, federal form */
	{ "de_stnr", "9181081508155", 1 },  /* Bayern, federal form */
	{ "de_stnr", "4151181508156", 0 },  /* no 0 after the office */
	{ "de_stnr", "6151081508156", 0 },  /* no Land 6x */
	{ "de_stnr", "136695978", 0 },
	{ "de_stnr", "181-815-08155", 0 },  /* hyphens; stdnum differs */
	{ "de_stnr", "181/815/0815a", 0 },
	/* gr_amka, gr_afm */
	{ "gr_amka", "01013099997", 1 },  /* stdnum's example */
	{ "gr_amka", "14078599868", 1 },
	{ "gr_amka", "09030349840", 1 },
	{ "gr_amka", "01013099999", 0 },
	{ "gr_amka", "30028503297", 0 },  /* 30 February, right Luhn */
	{ "gr_amka", "0101309999", 0 },
	{ "gr_afm", "094259216", 1 },  /* stdnum's example */
	{ "gr_afm", "792320730", 1 },
	{ "gr_afm", "123456781", 0 },  /* stdnum's bad example */
	{ "gr_afm", "792320731", 0 },
	{ "gr_afm", "93350561", 0 },  /* 8-digit old form; stdnum differs */
	{ "gr_afm", "EL094259216", 0 },  /* VAT form; stdnum differs */
	/* hu_pin: G YYMMDD SSS C */
	{ "hu_pin", "18503129642", 1 },  /* 1985, weights 1..10 */
	{ "hu_pin", "25008300701", 1 },  /* 1950 */
	{ "hu_pin", "30402297621", 1 },  /* 29 Feb 2004, weights 10..1 */
	{ "hu_pin", "77205058957", 1 },  /* immigrant, 1972 */
	{ "hu_pin", "1 850312 9642", 1 },
	{ "hu_pin", "1-850312-9642", 1 },
	{ "hu_pin", "18503129643", 0 },  /* check digit */
	{ "hu_pin", "49701010088", 0 },  /* 4 is born from 2000: 2097 */
	{ "hu_pin", "08503129642", 0 },  /* first digit 0 */
	{ "hu_pin", "98503129642", 0 },  /* first digit 9 */
	{ "hu_pin", "1850312964", 0 },
	{ "hu_pin", "1.850312.9642", 0 },
	/* hu_tin: 8, days since 1867-01-01, serial, check */
	{ "hu_tin", "8365670003", 1 },  /* 1967-02-13 */
	{ "hu_tin", "8365671131", 1 },
	{ "hu_tin", "8451057179", 1 },
	{ "hu_tin", "8522300305", 1 },
	{ "hu_tin", "8365670004", 0 },
	{ "hu_tin", "7365670003", 0 },  /* first digit not 8 */
	{ "hu_tin", "836567000", 0 },
	{ "hu_tin", "8 365670 003", 0 },
	{ "hu_tin", "8999990006", 0 },  /* 99999 days: 2140 */
	/* is_kt */
	{ "is_kt", "120174-3399", 1 },  /* stdnum's example */
	{ "is_kt", "1201743399", 1 },
	{ "is_kt", "3009011580", 1 },  /* 2001 */
	{ "is_kt", "530575-0299", 0 },  /* stdnum's bad example */
	{ "is_kt", "320174-3399", 0 },  /* day 32 */
	{ "is_kt", "1201743398", 0 },  /* century digit 8 */
	{ "is_kt", "450401-3150", 0 },  /* organisation; stdnum differs */
	{ "is_kt", "4504015950", 0 },  /* organisation; stdnum differs */
	{ "is_kt", "120174 3399", 0 },  /* space not skipped */
	/* ie_pps */
	{ "ie_pps", "6433435F", 1 },  /* stdnum's examples */
	{ "ie_pps", "6433435FT", 1 },
	{ "ie_pps", "6433435FW", 1 },
	{ "ie_pps", "6433435OA", 1 },
	{ "ie_pps", "6433435oa", 1 },
	{ "ie_pps", "4618508R", 1 },
	{ "ie_pps", "9414885QA", 1 },
	{ "ie_pps", "6433435E", 0 },
	{ "ie_pps", "6433435VH", 0 },
	{ "ie_pps", "6433435IH", 0 },  /* non-individual; stdnum differs */
	{ "ie_pps", "9732915QH", 0 },  /* non-individual; stdnum differs */
	{ "ie_pps", "6433435FB", 0 },  /* no such suffix */
	{ "ie_pps", "643343F", 0 },
	{ "ie_pps", "6433435 F", 0 },  /* stdnum skips spaces */
	/* lv_pk */
	{ "lv_pk", "161175-19997", 1 },  /* stdnum's example */
	{ "lv_pk", "16117519997", 1 },
	{ "lv_pk", "12038913744", 1 },
	{ "lv_pk", "31129902999", 1 },  /* 1899 */
	{ "lv_pk", "161375-19997", 0 },  /* month 13 */
	{ "lv_pk", "161175-19998", 0 },  /* check digit */
	{ "lv_pk", "12038954474", 0 },  /* century 5; stdnum differs */
	{ "lv_pk", "40003521600", 0 },  /* legal entity; stdnum differs */
	{ "lv_pk", "321234-56789", 1 },  /* 2017 form; stdnum differs */
	{ "lv_pk", "32123456789", 1 },  /* stdnum differs */
	{ "lv_pk", "3212345678", 0 },
	{ "lv_pk", "161175 19997", 0 },  /* stdnum skips spaces */
	/* li_peid: 4-12 digits after leading zeros */
	{ "li_peid", "1234567", 1 },
	{ "li_peid", "00001234567", 1 },
	{ "li_peid", "1234", 1 },
	{ "li_peid", "123456789012", 1 },
	{ "li_peid", "0123", 0 },
	{ "li_peid", "123", 0 },
	{ "li_peid", "1234567890123", 0 },
	{ "li_peid", "0000", 0 },
	{ "li_peid", "1234 567", 0 },  /* stdnum skips spaces */
	/* lu_nin: YYYYMMDD NNN, Luhn, Verhoeff */
	{ "lu_nin", "1893120105732", 1 },
	{ "lu_nin", "1893 12 01 057 32", 1 },
	{ "lu_nin", "1985110742729", 1 },
	{ "lu_nin", "1960022954141", 1 },  /* 29 Feb 1960 */
	{ "lu_nin", "1893120105733", 0 },  /* Verhoeff digit */
	{ "lu_nin", "1893120105742", 0 },  /* Luhn digit */
	{ "lu_nin", "1985023023027", 0 },  /* 30 February, both right */
	{ "lu_nin", "189312010573", 0 },
	{ "lu_nin", "1893-12-01-057-32", 0 },
	/* mt_id */
	{ "mt_id", "1234567M", 1 },
	{ "mt_id", "0012345G", 1 },
	{ "mt_id", "12345a", 1 },
	{ "mt_id", "589Z", 1 },
	{ "mt_id", "1234567X", 0 },  /* no such letter */
	{ "mt_id", "0000000M", 0 },
	{ "mt_id", "12345678M", 0 },  /* 8 digits */
	{ "mt_id", "M", 0 },
	{ "mt_id", "1234567", 0 },
	{ "mt_id", "123 4567M", 0 },
	/* no_fnr */
	{ "no_fnr", "151086 95088", 1 },  /* stdnum's example */
	{ "no_fnr", "15108695088", 1 },
	{ "no_fnr", "151086-95088", 1 },
	{ "no_fnr", "15108612867", 1 },
	{ "no_fnr", "01010571290", 1 },  /* 2005 */
	{ "no_fnr", "55108648367", 1 },  /* D-number */
	{ "no_fnr", "15108695077", 0 },  /* stdnum's bad example */
	{ "no_fnr", "81108615702", 0 },  /* FH number, checks right */
	{ "no_fnr", "1510869508", 0 },
	/* pl_nip */
	{ "pl_nip", "8567346215", 1 },  /* stdnum's example */
	{ "pl_nip", "856-734-62-15", 1 },
	{ "pl_nip", "856-73-46-215", 1 },
	{ "pl_nip", "856 734 62 15", 1 },
	{ "pl_nip", "8567346216", 0 },
	{ "pl_nip", "PL8567346215", 0 },  /* VAT form; stdnum differs */
	{ "pl_nip", "856734621", 0 },
	{ "pl_nip", "856.734.62.15", 0 },
	/* pt_cc */
	{ "pt_cc", "00000000 0 ZZ4", 1 },  /* stdnum's example */
	{ "pt_cc", "000000000ZZ4", 1 },
	{ "pt_cc", "000000000zz4", 1 },
	{ "pt_cc", "978910244RW8", 1 },
	{ "pt_cc", "00000000 0 ZZ3", 0 },
	{ "pt_cc", "00000000 A ZZ4", 0 },
	{ "pt_cc", "1699767634ZZ1", 0 },  /* 13 characters; stdnum differs */
	{ "pt_cc", "00000000ZZ4", 0 },  /* 11 characters; stdnum differs */
	{ "pt_cc", "000000000ZZA", 0 },
	{ "pt_cc", "00000000-0-ZZ4", 0 },
	/* pt_nif */
	{ "pt_nif", "171406940", 1 },
	{ "pt_nif", "274227878", 1 },
	{ "pt_nif", "358269806", 1 },
	{ "pt_nif", "451341104", 1 },  /* non-resident */
	{ "pt_nif", "171 406 940", 1 },
	{ "pt_nif", "171406941", 0 },
	{ "pt_nif", "501964843", 0 },  /* company; stdnum differs */
	{ "pt_nif", "556167015", 0 },  /* company; stdnum differs */
	{ "pt_nif", "PT171406940", 0 },  /* VAT form; stdnum differs */
	{ "pt_nif", "17140694", 0 },
	/* ro_cnp */
	{ "ro_cnp", "1630615123457", 1 },  /* stdnum's example */
	{ "ro_cnp", "2851231472292", 1 },
	{ "ro_cnp", "5010228262194", 1 },  /* 2001 */
	{ "ro_cnp", "3800303140990", 1 },  /* 1880 */
	{ "ro_cnp", "1630615123458", 0 },
	{ "ro_cnp", "0800101221142", 0 },  /* first digit 0 */
	{ "ro_cnp", "1632215123457", 0 },  /* month 22 */
	{ "ro_cnp", "1630230169206", 0 },  /* 30 February, right check */
	{ "ro_cnp", "163061512345", 0 },
	/* si_emso, si_tin */
	{ "si_emso", "0101006500006", 1 },  /* stdnum's example */
	{ "si_emso", "0104958615973", 1 },
	{ "si_emso", "3112999429843", 1 },
	{ "si_emso", "0101006500007", 0 },
	{ "si_emso", "2902981889348", 0 },  /* 29 Feb 1981 */
	{ "si_emso", "010100650000", 0 },
	{ "si_tin", "50223054", 1 },  /* stdnum's example */
	{ "si_tin", "45762201", 1 },
	{ "si_tin", "50223055", 0 },
	{ "si_tin", "05022305", 0 },  /* leading zero */
	{ "si_tin", "SI50223054", 0 },  /* VAT form; stdnum differs */
	{ "si_tin", "5022 3054", 0 },  /* stdnum skips spaces */
	/* ch_ssn */
	{ "ch_ssn", "7569217076985", 1 },  /* stdnum's examples */
	{ "ch_ssn", "756.9217.0769.85", 1 },
	{ "ch_ssn", "756 9217 0769 85", 1 },
	{ "ch_ssn", "756.9217.0769.84", 0 },
	{ "ch_ssn", "123.4567.8910.19", 0 },  /* not 756 */
	{ "ch_ssn", "756-9217-0769-85", 0 },
	{ "ch_ssn", "756921707698", 0 },
};

static const char *const names[] = {
	"at_vnr", "at_tin", "bg_egn", "hr_oib",  "cy_tic", "cz_rc",
	"ee_ik",  "de_stnr", "gr_amka", "gr_afm", "hu_pin",
	"hu_tin", "is_kt",  "ie_pps", "lv_pk",   "li_peid", "lt_ak",
	"lu_nin", "mt_id",  "no_fnr", "pl_nip",  "pt_cc",  "pt_nif",
	"ro_cnp", "si_emso", "si_tin", "ch_ssn",
};

/* Every validator here is registered, and no name is registered twice
 * anywhere (the tables are kept by different hands). */
static void test_registry(void)
{
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const struct trawl_validator *v = trawl_validator_find(names[i]);
		T_CHECK(v != NULL && v->description && v->description[0],
			"registry: %s is registered with a description",
			names[i]);
	}
	size_t n = 0, dup = 0;
	for (const struct trawl_validator *const *t = trawl_validator_tables; *t; t++)
	for (const struct trawl_validator *v = *t; v->name; v++) {
		n++;
		for (const struct trawl_validator *const *u = trawl_validator_tables; *u; u++)
		for (const struct trawl_validator *w = *u; w->name; w++)
			if (w != v && strcmp(w->name, v->name) == 0)
				dup++;
	}
	T_CHECK(n >= sizeof names / sizeof names[0] && dup == 0,
		"registry: %zu validator names, none registered twice", n);
}

/* Every validator here rejects separators it does not document, a
 * trailing newline and a NUL inside the span. */
static void test_stray(void)
{
	static const struct vcase good[] = {
		{ "at_vnr", "7372091275", 1 },    { "at_tin", "095736815", 1 },
		{ "bg_egn", "7503163830", 1 },    { "hr_oib", "49909514543", 1 },
		{ "cy_tic", "97195406J", 1 },     { "cz_rc", "7103192745", 1 },
		{ "de_stnr", "4151081508156", 1 }, { "gr_amka", "01013099997", 1 },
		{ "gr_afm", "094259216", 1 },     { "hu_pin", "18503129642", 1 },
		{ "hu_tin", "8365670003", 1 },    { "is_kt", "1201743399", 1 },
		{ "ie_pps", "6433435OA", 1 },     { "lv_pk", "16117519997", 1 },
		{ "li_peid", "1234567", 1 },      { "lt_ak", "33309240064", 1 },
		{ "lu_nin", "1893120105732", 1 }, { "mt_id", "1234567M", 1 },
		{ "no_fnr", "15108695088", 1 },   { "pl_nip", "8567346215", 1 },
		{ "pt_cc", "000000000ZZ4", 1 },   { "pt_nif", "171406940", 1 },
		{ "ro_cnp", "1630615123457", 1 }, { "si_emso", "0101006500006", 1 },
	};
	char buf[64];

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		const char *nm = good[i].name, *v = good[i].value;
		size_t n = strlen(v);
		bool ok = vt_run(nm, v, n) == 1;
		static const char stray[] = "#_*@,:;\t";
		for (const char *c = stray; *c; c++) {
			memcpy(buf, v, 3);
			buf[3] = *c;
			memcpy(buf + 4, v + 3, n - 3);
			if (vt_run(nm, buf, n + 1) != 0)
				ok = false;
		}
		memcpy(buf, v, n);
		buf[n] = '\n';
		if (vt_run(nm, buf, n + 1) != 0)
			ok = false;
		buf[n] = '\0';
		if (vt_run(nm, buf, n + 1) != 0)
			ok = false;
		memcpy(buf, v, n);
		buf[2] = '\0';
		if (vt_run(nm, buf, n) != 0)
			ok = false;
		/* every proper prefix is too short */
		for (size_t k = 1; k < n && strcmp(nm, "li_peid") &&
				   strcmp(nm, "mt_id") && strcmp(nm, "cz_rc") &&
				   strcmp(nm, "de_stnr");
		     k++)
			if (vt_run(nm, v, k) != 0)
				ok = false;
		T_CHECK(ok, "%s: \"%s\" valid; stray characters, a newline, a "
			"NUL and shorter prefixes reject", nm, v);
	}
}

/* A NUL byte where a letter may stand is no letter (strchr would find
 * the terminator). */
static void test_nul(void)
{
	static const struct {
		const char *name, *value;
		size_t len;
		int valid;
	} nul[] = {
		{ "ie_pps", "6433435FW", 9, 1 },  /* the control */
		{ "ie_pps", "6433435F\0", 9, 0 },
		{ "mt_id", "1234567\0", 8, 0 },
		{ "cy_tic", "10259033\0", 9, 0 },
		{ "pt_cc", "000000000Z\0" "4", 12, 0 },
	};

	for (size_t i = 0; i < sizeof nul / sizeof nul[0]; i++)
		T_CHECK(vt_run(nul[i].name, nul[i].value, nul[i].len) ==
				nul[i].valid,
			"%s: %zu bytes with a NUL in place of a letter: %s",
			nul[i].name, nul[i].len,
			nul[i].valid ? "valid (control)" : "invalid");
}

/* Hungarian tax id check digit for the first nine digits (10: none). */
static int hu_tin_check(const char *p)
{
	int s = 0;
	for (int i = 0; i < 9; i++)
		s += (i + 1) * (p[i] - '0');
	return s % 11;
}

static long days_since_1867(int y, int m, int d)
{
	struct tm a = { 0 }, b = { 0 };
	a.tm_year = y - 1900, a.tm_mon = m - 1, a.tm_mday = d, a.tm_hour = 12;
	b.tm_year = 1867 - 1900, b.tm_mon = 0, b.tm_mday = 1, b.tm_hour = 12;
	return (long)((timegm(&a) - timegm(&b)) / 86400);
}

/* Norwegian number for a date and individual number, or "" when a check
 * digit would be 10. */
static void no_make(char s[32], int d, int m, int y, int ind)
{
	static const int w1[9] = { 3, 7, 6, 1, 8, 9, 4, 5, 2 };
	static const int w2[10] = { 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };
	int a = 0, b = 0;

	snprintf(s, 32, "%02d%02d%02d%03d", d, m, y % 100, ind);
	for (int i = 0; i < 9; i++)
		a += w1[i] * (s[i] - '0');
	a = (11 - a % 11) % 11;
	s[9] = (char)('0' + a);
	for (int i = 0; i < 10; i++)
		b += w2[i] * (s[i] - '0');
	b = (11 - b % 11) % 11;
	s[10] = (char)('0' + b);
	s[11] = '\0';
	if (a == 10 || b == 10)
		s[0] = '\0';
}

/* Hungarian personal number for first digit g and a date (weights by the
 * 1997 rule), or "" when the check would be 10. */
static void hu_pin_make(char s[32], char g, int y, int m, int d, int serial)
{
	int asc = 0, desc = 0;

	snprintf(s, 32, "%c%02d%02d%02d%03d", g, y % 100, m, d, serial);
	for (int i = 0; i < 10; i++) {
		asc += (i + 1) * (s[i] - '0');
		desc += (10 - i) * (s[i] - '0');
	}
	int c = (y < 1997 ? asc : desc) % 11;
	s[10] = (char)('0' + c);
	s[11] = '\0';
	/* the other rule must not match too: the same digits read in the
	 * other century must not pass by chance */
	if (c == 10 || asc % 11 == desc % 11)
		s[0] = '\0';
}

/* The rules relative to today (computed here, so they never go stale). */
static void test_today(void)
{
	time_t now = time(NULL);
	struct tm td, tm;
	char s[32];

	localtime_r(&now, &td);
	now += 86400;
	localtime_r(&now, &tm);
	int ty = td.tm_year + 1900, tmo = td.tm_mon + 1, tdd = td.tm_mday;
	int ny = tm.tm_year + 1900, nmo = tm.tm_mon + 1, nd = tm.tm_mday;

	/* hu_tin: born today passes, tomorrow does not */
	for (int k = 0; k <= 1; k++) {
		long days = k ? days_since_1867(ny, nmo, nd) :
				days_since_1867(ty, tmo, tdd);
		for (int serial = 0; serial < 1000; serial++) {
			snprintf(s, sizeof s, "8%05ld%03d", days, serial);
			int c = hu_tin_check(s);
			if (c == 10)
				continue;
			s[9] = (char)('0' + c);
			s[10] = '\0';
			break;
		}
		vt_check("hu_tin", s, k == 0);
	}

	/* no_fnr and hu_pin: born today passes, tomorrow does not (while
	 * this century's individual numbers 500-999 and the 2000s rule
	 * apply) */
	if (ty < 2039 && ny < 2039) {
		for (int k = 0; k <= 1; k++) {
			for (int ind = 500; ind < 1000; ind++) {
				if (k)
					no_make(s, nd, nmo, ny, ind);
				else
					no_make(s, tdd, tmo, ty, ind);
				if (s[0])
					break;
			}
			vt_check("no_fnr", s, k == 0);
			for (int serial = 0; serial < 1000; serial++) {
				if (k)
					hu_pin_make(s, '3', ny, nmo, nd, serial);
				else
					hu_pin_make(s, '3', ty, tmo, tdd, serial);
				if (s[0])
					break;
			}
			vt_check("hu_pin", s, k == 0);
		}
	}
}

int main(void)
{
	vt_check_cases(cases, sizeof cases / sizeof cases[0]);
	test_registry();
	test_stray();
	test_nul();
	test_today();
	return t_done();
}
