/*
 * test_validators_world.c - unit tests for the validators of
 * src/confirm/validate_world.c (identifiers-staging/personal_world.yaml).
 *
 * All values are synthetic: random payloads with their check digits
 * computed (with python-stdnum where it has the number, offline), never a
 * real person's; phone numbers use the ranges reserved for fiction where
 * there are some. tests/p1030-oracle-world.py compares the validators
 * python-stdnum implements on 100,000 candidates each; these tests pin down
 * the edges by name, the places where trawl deliberately differs from
 * stdnum (marked "stdnum differs"), and the validators stdnum has no
 * module for (dates, coordinates, phones, cookies, VIN, ICAO documents,
 * NSS, RG, driver's licences).
 */
#include "vtest.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct vcase cases[] = {
	{ "plain_id", "D4816207", 1 },  /* letter and digits */
	{ "plain_id", "482-019.37/5", 1 },  /* hyphen, dot, slash skipped */
	{ "plain_id", "ab482019", 1 },  /* lower case */
	{ "plain_id", "00000000", 0 },  /* all digits the same */
	{ "plain_id", "AB000000", 0 },  /* letters and one repeated digit */
	{ "plain_id", "12345678", 0 },  /* straight run up */
	{ "plain_id", "98765432", 0 },  /* straight run down */
	{ "plain_id", "7890123", 0 },  /* run up through 9 to 0 */
	{ "plain_id", "12345", 1 },  /* a run of five is not a fill-in */
	{ "plain_id", "ABCDEF", 0 },  /* no digit */
	{ "plain_id", "A12", 0 },  /* under four characters */
	{ "plain_id", "4820_1937", 0 },  /* underscore is no separator */
	{ "plain_id", "A4820193748201937482019374", 0 },  /* over 24 characters */

	{ "ar_dni", "28.416.953", 1 },  /* printed form */
	{ "ar_dni", "7390218", 1 },  /* seven digits */
	{ "ar_dni", "28 416 953", 1 },  /* spaces */
	{ "ar_dni", "11.111.111", 0 },  /* same digit; stdnum differs */
	{ "ar_dni", "284169531", 0 },  /* nine digits */
	{ "ar_dni", "739021", 0 },  /* six digits */
	{ "ar_dni", "28-416-953", 0 },  /* hyphens are no separator */
	{ "ar_dni", "28.416.95A", 0 },  /* a letter */

	{ "ar_cuit_person", "20-43464097-1", 1 },  /* type 20 */
	{ "ar_cuit_person", "27202466333", 1 },  /* type 27, compact */
	{ "ar_cuit_person", "23 52992312 0", 1 },  /* type 23, spaces */
	{ "ar_cuit_person", "20000000019", 1 },  /* check 9 where 11 - sum gives 10 */
	{ "ar_cuit_person", "20-43464097-2", 0 },  /* check digit off */
	{ "ar_cuit_person", "30-87366946-9", 0 },  /* an organisation */
	{ "ar_cuit_person", "21-43464097-1", 0 },  /* unknown type */
	{ "ar_cuit_person", "20.43464097.1", 0 },  /* dots are no separator */

	{ "ar_cuit_org", "30-87366946-9", 1 },  /* type 30 */
	{ "ar_cuit_org", "33064808945", 1 },  /* type 33 */
	{ "ar_cuit_org", "34-09722233-0", 1 },  /* type 34 */
	{ "ar_cuit_org", "30-87366946-8", 0 },  /* check digit off */
	{ "ar_cuit_org", "20-43464097-1", 0 },  /* a person */

	{ "ar_sube", "6061 7654 1790 2443", 1 },  /* groups of four */
	{ "ar_sube", "6061476489257134", 1 },  /* compact */
	{ "ar_sube", "6061-0679-8022-7492", 1 },  /* hyphens */
	{ "ar_sube", "6061765417902444", 0 },  /* Luhn fails */
	{ "ar_sube", "4111111111111111", 0 },  /* a card, not 6061 */
	{ "ar_sube", "606176541790244", 0 },  /* 15 digits */

	{ "cl_rut", "11.535.642-9", 1 },  /* printed form */
	{ "cl_rut", "681068716", 1 },  /* compact */
	{ "cl_rut", "10000013-K", 1 },  /* check K */
	{ "cl_rut", "10.000.013-k", 1 },  /* check k, lower case */
	{ "cl_rut", "7654321-6", 1 },  /* seven-digit body */
	{ "cl_rut", "CL 12531909-2", 1 },  /* CL prefix (stdnum doc) */
	{ "cl_rut", "11.535.642-8", 0 },  /* check off */
	{ "cl_rut", "10000013-0", 0 },  /* K expected */
	{ "cl_rut", "12531909-3", 0 },  /* stdnum doc: wrong check */
	{ "cl_rut", "76086A28-5", 0 },  /* stdnum doc: a letter */
	{ "cl_rut", "1234567", 0 },  /* too short */

	{ "co_nit_person", "41.171.979-7", 1 },  /* printed form */
	{ "co_nit_person", "25778142", 1 },  /* compact */
	{ "co_nit_person", "1024583917-8", 1 },  /* ten-digit cedula */
	{ "co_nit_person", "213.123.432-1", 1 },  /* stdnum doc example */
	{ "co_nit_person", "41.171.979-8", 0 },  /* check off */
	{ "co_nit_person", "829.962.626-5", 0 },  /* a company */

	{ "co_nit_org", "829.962.626-5", 1 },  /* company, 8 */
	{ "co_nit_org", "906.655.764-6", 1 },  /* company, 9 */
	{ "co_nit_org", "8774574465", 1 },  /* compact */
	{ "co_nit_org", "829.962.626-4", 0 },  /* check off */
	{ "co_nit_org", "41.171.979-7", 0 },  /* a person */
	{ "co_nit_org", "213.123.432-1", 0 },  /* a person (10 digits, first 2) */

	{ "co_cedula", "79.281.364", 1 },  /* eight digits, dots */
	{ "co_cedula", "1.024.583.917", 1 },  /* ten digits starting 1 */
	{ "co_cedula", "482019", 1 },  /* six digits */
	{ "co_cedula", "2.024.583.917", 0 },  /* ten digits not starting 1 */
	{ "co_cedula", "024.583.917", 0 },  /* leading zero */
	{ "co_cedula", "48201", 0 },  /* five digits */
	{ "co_cedula", "482019375", 0 },  /* nine digits */
	{ "co_cedula", "77.777.777", 0 },  /* fill-in */
	{ "co_cedula", "79 281 364", 0 },  /* spaces are no separator */

	{ "br_rg", "78.592.782-7", 1 },  /* printed form */
	{ "br_rg", "485307625", 1 },  /* compact */
	{ "br_rg", "48.530.762-5", 1 },  /* dots and hyphen */
	{ "br_rg", "78.592.782-8", 0 },  /* check off */
	{ "br_rg", "11.111.111-1", 0 },  /* fill-in */
	{ "br_rg", "7859278", 0 },  /* short */

	{ "br_cep", "01310-930", 1 },  /* hyphen */
	{ "br_cep", "30.130-110", 1 },  /* old dotted form */
	{ "br_cep", "20040020", 1 },  /* compact */
	{ "br_cep", "00000-123", 0 },  /* no CEP starts 00000 */
	{ "br_cep", "55555-555", 0 },  /* fill-in */
	{ "br_cep", "0131-930", 0 },  /* seven digits */

	{ "mx_curp", "BOXW310820HNERXN09", 1 },  /* stdnum doc example */
	{ "mx_curp", "GARC850312HDFRRR03", 1 },  /* generated */
	{ "mx_curp", "MAPE040229MJCLRNA6", 1 },  /* born 29 Feb 2004 (letter: 2000s) */
	{ "mx_curp", "mape-040229-mjclrna6", 1 },  /* lower case and hyphens */
	{ "mx_curp", "BOXW310820HNERXN08", 0 },  /* stdnum doc: check off */
	{ "mx_curp", "GARC850312HXXRRR03", 0 },  /* unknown state */
	{ "mx_curp", "GARC850312XDFRRR03", 0 },  /* sex neither H nor M */
	{ "mx_curp", "GARC850231HDFRRR03", 0 },  /* no 31 February */
	{ "mx_curp", "MAPE040229MJCLRN06", 1 },  /* 29 Feb 1904 (digit: 1900s) */
	{ "mx_curp", "MAPE050229MJCLRN03", 0 },  /* 29 Feb 1905 does not exist */
	{ "mx_curp", "BACA850312HDFRRR03", 0 },  /* blocked word */

	{ "mx_rfc_person", "GODE561231GR8", 1 },  /* stdnum doc example */
	{ "mx_rfc_person", "GODE 561231 GR8", 1 },  /* stdnum doc, spaces */
	{ "mx_rfc_person", "COMG-600703", 1 },  /* stdnum doc: no homoclave */
	{ "mx_rfc_person", "PEÑA850312K72", 1 },  /* Ñ in the name */
	{ "mx_rfc_person", "peña850312k72", 1 },  /* lower case ñ */
	{ "mx_rfc_person", "MUÑO850312K78", 1 },  /* Ñ at position 3 */
	{ "mx_rfc_person", "GODE8503122KA", 1 },  /* check character A */
	{ "mx_rfc_person", "VACE-460910-SX6", 0 },  /* stdnum doc: check off (strict) */
	{ "mx_rfc_person", "GODE850312K75", 0 },  /* check off */
	{ "mx_rfc_person", "GODE850231K74", 0 },  /* no 31 February */
	{ "mx_rfc_person", "GODE850312W1A", 0 },  /* homoclave W */
	{ "mx_rfc_person", "GODE850312K07", 0 },  /* homoclave second character 0 */
	{ "mx_rfc_person", "CACA850312", 0 },  /* blocked word */
	{ "mx_rfc_person", "GODE85031", 0 },  /* short */
	{ "mx_rfc_person", "ABC1905233B6", 0 },  /* a company */
	{ "mx_rfc_person", "PEÃA850312K72", 0 },  /* other non-ASCII letter */
	{ "mx_rfc_person", "PE#A850312K72", 0 },  /* a # of the input is no Ñ */

	{ "mx_rfc_org", "MAB-930714-8T4", 1 },  /* stdnum doc example */
	{ "mx_rfc_org", "ABC1905233B6", 1 },  /* generated */
	{ "mx_rfc_org", "T&M1905233B7", 1 },  /* ampersand */
	{ "mx_rfc_org", "ÑAB1905233BA", 1 },  /* Ñ first */
	{ "mx_rfc_org", "ABC1905233B7", 0 },  /* check off */
	{ "mx_rfc_org", "ABC1913233B6", 0 },  /* month 13 */
	{ "mx_rfc_org", "GODE561231GR8", 0 },  /* a person */

	{ "au_tfn", "123 456 782", 1 },  /* stdnum doc example */
	{ "au_tfn", "296731007", 1 },  /* compact */
	{ "au_tfn", "296-731-007", 1 },  /* hyphens; stdnum differs */
	{ "au_tfn", "999 999 999", 0 },  /* stdnum doc: check fails */
	{ "au_tfn", "296731008", 0 },  /* check off */

	{ "fr_spi", "3023217600053", 1 },  /* stdnum 1.19 doc example */
	{ "fr_spi", "13 10 965 605 215", 1 },  /* printed groups */
	{ "fr_spi", "0701987765432", 0 },  /* stdnum 1.18 doc example: mod 511 fails */
	{ "fr_spi", "4310965605215", 0 },  /* first digit 4 */
	{ "fr_spi", "131096560521", 0 },  /* 12 digits */
	{ "fr_spi", "13-10-965-605-215", 0 },  /* hyphens are no separator */

	{ "uk_utr", "1955839661", 1 },  /* stdnum doc example */
	{ "uk_utr", "23312 29838", 1 },  /* spaced */
	{ "uk_utr", "K2331229838", 1 },  /* leading K */
	{ "uk_utr", "2331229838K", 1 },  /* payment reference */
	{ "uk_utr", "K2331229838K", 0 }, /* one K only */
	{ "uk_utr", "2331229838KK", 0 },
	{ "uk_utr", "k2331229838", 1 },  /* leading k */
	{ "uk_utr", "2955839661", 0 },  /* stdnum doc: check off */
	{ "uk_utr", "KK2331229838", 0 },  /* two Ks; stdnum differs */

	{ "us_itin", "912-90-3456", 1 },  /* stdnum doc example */
	{ "us_itin", "912 78 3401", 1 },  /* spaces; stdnum differs */
	{ "us_itin", "990942817", 1 },  /* compact */
	{ "us_itin", "912-50-3401", 1 },  /* group 50; stdnum differs */
	{ "us_itin", "912-65-3401", 1 },  /* group 65; stdnum differs */
	{ "us_itin", "912-66-3401", 0 },  /* group 66 */
	{ "us_itin", "912-89-3401", 0 },  /* group 89 */
	{ "us_itin", "912-93-4567", 0 },  /* stdnum doc: group 93 */
	{ "us_itin", "123-45-6789", 0 },  /* stdnum doc: not 9 */
	{ "us_itin", "9129-03456", 0 },  /* stdnum doc: hyphen misplaced */
	{ "us_itin", "912-903456", 0 },  /* one hyphen; stdnum differs */
	{ "us_itin", "912-90 3456", 0 },  /* mixed separators */

	{ "es_nif_person", "54362315K", 1 },  /* stdnum doc: DNI */
	{ "es_nif_person", "X-5253868-R", 1 },  /* stdnum doc: NIE */
	{ "es_nif_person", "M-1234567-L", 1 },  /* stdnum doc: M number */
	{ "es_nif_person", "ES 54362315K", 1 },  /* ES prefix */
	{ "es_nif_person", "z9583219k", 1 },  /* lower case */
	{ "es_nif_person", "54362315J", 0 },  /* letter off */
	{ "es_nif_person", "B64717838", 0 },  /* a company (CIF) */
	{ "es_nif_person", "X52538680", 0 },  /* a digit for the letter */

	{ "es_cif", "J99216582", 1 },  /* stdnum doc example */
	{ "es_cif", "A13 585 625", 1 },  /* stdnum doc, spaces */
	{ "es_cif", "A3455413I", 1 },  /* check letter */
	{ "es_cif", "q-8920785-6", 1 },  /* lower case, hyphens */
	{ "es_cif", "J99216583", 0 },  /* stdnum doc: check off */
	{ "es_cif", "M-1234567-L", 0 },  /* stdnum doc: an M number */
	{ "es_cif", "O-1234567-L", 0 },  /* stdnum doc: letter O */
	{ "es_cif", "J992165831", 0 },  /* stdnum doc: too long */

	{ "es_nss", "28/67390467/45", 1 },  /* slashes */
	{ "es_nss", "08 52164119 10", 1 },  /* spaces */
	{ "es_nss", "46-72492024-84", 1 },  /* hyphens */
	{ "es_nss", "08521641168", 1 },  /* seven-digit number, 11 digits */
	{ "es_nss", "280123498774", 1 },  /* number under 10,000,000 written with 8 digits */
	{ "es_nss", "28/67390467/46", 0 },  /* check off */
	{ "es_nss", "60/67390467/45", 0 },  /* no province 60 */
	{ "es_nss", "00/67390467/45", 0 },  /* no province 00 */
	{ "es_nss", "28/12345678/40", 0 },  /* fill-in number */
	{ "es_nss", "28.67390467.45", 0 },  /* dots are no separator */

	{ "de_id_card", "PY5VX72N9", 1 },  /* nine characters as printed */
	{ "de_id_card", "XKCWJ9P237", 1 },  /* with the MRZ check digit */
	{ "de_id_card", "T22000129", 1 },  /* specimen shape, nine characters */
	{ "de_id_card", "T220001293", 1 },  /* ICAO specimen with its check digit */
	{ "de_id_card", "xkcwj9p237", 1 },  /* lower case */
	{ "de_id_card", "3324383868", 1 },  /* old all-digit number with check */
	{ "de_id_card", "XKCWJ9P238", 0 },  /* check off */
	{ "de_id_card", "3324383867", 0 },  /* old number, check off */
	{ "de_id_card", "332438386", 0 },  /* old number without check */
	{ "de_id_card", "AB1234567", 0 },  /* A and B are not in the alphabet */
	{ "de_id_card", "XKCWJPPRT", 0 },  /* no digit */
	{ "de_id_card", "1KCWJ9P23", 0 },  /* starts with a digit, not all digits */

	{ "de_passport", "C8KVT21WV", 1 },  /* nine characters */
	{ "de_passport", "K2XMNYZCC9", 1 },  /* with check digit */
	{ "de_passport", "C01X00T47", 1 },  /* ICAO specimen number */
	{ "de_passport", "K2XMNYZCC8", 0 },  /* check off */
	{ "de_passport", "L2XMNYZCC9", 0 },  /* passports start C F G H J K */
	{ "de_passport", "3324383868", 0 },  /* an old identity card number */

	{ "ca_uci", "3281-0947", 1 },  /* 8 digits */
	{ "ca_uci", "41-9203-6581", 1 },  /* 10 digits */
	{ "ca_uci", "4192036581", 1 },  /* compact */
	{ "ca_uci", "3281-094", 0 },  /* 7 digits */
	{ "ca_uci", "0000-0000", 0 },  /* fill-in */
	{ "ca_uci", "328-10947-1", 0 },  /* 9 digits */

	{ "us_dl", "D4816207", 1 },  /* L1 D7 (CA) */
	{ "us_dl", "S530-714-93-268-0", 1 },  /* Florida printed */
	{ "us_dl", "A-482-019-375-106", 1 },  /* Maryland printed */
	{ "us_dl", "483 920 571", 1 },  /* nine digits, spaced (NY) */
	{ "us_dl", "WDLK7QH2M91B", 1 },  /* Washington */
	{ "us_dl", "482AB1937", 1 },  /* Iowa D3 L2 D4 */
	{ "us_dl", "48ABC19375", 1 },  /* New Hampshire D2 L3 D5 */
	{ "us_dl", "AB482019C", 1 },  /* Idaho L2 D6 L1 */
	{ "us_dl", "A482019R", 1 },  /* Missouri L1 D6 R */
	{ "us_dl", "4820193AB", 1 },  /* D7 L2 */
	{ "us_dl", "ABC482019", 1 },  /* L3 D6 (ND) */
	{ "us_dl", "D1234567", 0 },  /* fill-in run */
	{ "us_dl", "482019", 0 },  /* six digits alone */
	{ "us_dl", "ABCD48201", 0 },  /* four letters */
	{ "us_dl", "AB48201937", 0 },  /* L2 D8 */
	{ "us_dl", "4820193ABC", 0 },  /* three trailing letters */
	{ "us_dl", "D4816207.", 0 },  /* a dot */

	{ "uk_dl", "MORGA753116SM9IJ", 1 },  /* DVLA specimen shape */
	{ "uk_dl", "JONES 610128 J99AB", 1 },  /* spaces, initials J and 9 */
	{ "uk_dl", "SMITH862295PA9KX", 1 },  /* woman (month 62) */
	{ "uk_dl", "LI999702295AB9CD", 0 },  /* 29 Feb 1975 (year 75 not leap) */
	{ "uk_dl", "LI999702296AB9CD", 1 },  /* 29 Feb 1976 */
	{ "uk_dl", "morga753116sm9ij", 1 },  /* lower case */
	{ "uk_dl", "MO9GA753116SM9IJ", 0 },  /* letter after padding 9 */
	{ "uk_dl", "9ORGA753116SM9IJ", 0 },  /* surname starts with 9 */
	{ "uk_dl", "MORGA713416SM9IJ", 0 },  /* month 13 */
	{ "uk_dl", "MORGA704316SM9IJ", 0 },  /* no 31 April */
	{ "uk_dl", "MORGA7531169M9IJ", 0 },  /* first initial 9 */
	{ "uk_dl", "MORGA753116SMAIJ", 0 },  /* position 14 not a digit */
	{ "uk_dl", "MORGA753116SM9IJ1", 0 },  /* 17 characters */
	{ "uk_dl", "MORGA  753116SM9IJ", 0 },  /* two spaces */

	{ "in_dl", "MH14 20110062821", 1 },  /* space */
	{ "in_dl", "KA-0319980417253", 1 },  /* hyphen */
	{ "in_dl", "dl0420150000147", 1 },  /* lower case, compact */
	{ "in_dl", "XX14 20110062821", 0 },  /* no state XX */
	{ "in_dl", "MH00 20110062821", 0 },  /* RTO 00 */
	{ "in_dl", "MH14 18990062821", 0 },  /* year 1899 */
	{ "in_dl", "MH14 20110000000", 0 },  /* fill-in serial */

	{ "uk_electoral", "KD 1432", 1 },  /* two letters, space */
	{ "uk_electoral", "ABC-217", 1 },  /* three letters, hyphen */
	{ "uk_electoral", "kd1", 1 },  /* lower case, one digit */
	{ "uk_electoral", "KD 0", 0 },  /* elector number 0 */
	{ "uk_electoral", "K 1432", 0 },  /* one letter */
	{ "uk_electoral", "ABCD 1432", 0 },  /* four letters */
	{ "uk_electoral", "KD 14321", 0 },  /* five digits */

	{ "dob", "14/07/1983", 1 },  /* dd/mm/yyyy */
	{ "dob", "07/14/1983", 1 },  /* mm/dd/yyyy */
	{ "dob", "1979-11-02", 1 },  /* ISO */
	{ "dob", "12.03.1985", 1 },  /* dotted */
	{ "dob", "3/4/85", 1 },  /* two-digit year */
	{ "dob", "29/02/00", 1 },  /* 29 Feb 2000 (2-digit 00) */
	{ "dob", "12 March 1985", 1 },  /* month name */
	{ "dob", "12-Mar-1985", 1 },  /* abbreviation */
	{ "dob", "March 3rd, 1991", 1 },  /* month first, ordinal */
	{ "dob", "12th of March 1985", 1 },  /* "of" */
	{ "dob", "12. März 1985", 1 },  /* German */
	{ "dob", "5 de mayo de 1990", 1 },  /* Spanish */
	{ "dob", "1er mars 1985", 1 },  /* French ordinal */
	{ "dob", "12 FÉVRIER 1985", 0 },  /* accented capital not folded */
	{ "dob", "1 février 1985", 1 },  /* French, accent */
	{ "dob", "29/02/1988", 1 },  /* leap day */
	{ "dob", "29/02/1989", 0 },  /* no leap day in 1989 */
	{ "dob", "31/02/1985", 0 },  /* 31 February */
	{ "dob", "13/13/1990", 0 },  /* month 13 either way */
	{ "dob", "1899-12-31", 0 },  /* before 1900 */
	{ "dob", "12 Smarch 1985", 0 },  /* not a month */
	{ "dob", "12 March", 0 },  /* no year */
	{ "dob", "March 1985", 0 },  /* no day */
	{ "dob", "12 March 85", 0 },  /* month name with 2-digit year */
	{ "dob", "1985-13-01", 0 },  /* ISO month 13 */
	{ "dob", "123/03/1985", 0 },  /* three-digit day */
	{ "dob", "12/03/19851", 0 },  /* five-digit year */
	{ "dob", "12 March May 1985", 0 },  /* two month names */

	{ "latlon", "48.85837, 2.29448", 1 },  /* decimal, comma */
	{ "latlon", "-33.86882 151.20929", 1 },  /* negative, space */
	{ "latlon", "40.6892;-74.0445", 1 },  /* semicolon */
	{ "latlon", "51.5007° N, 0.1246° W", 1 },  /* degree signs, hemispheres */
	{ "latlon", "51.5007N 0.1246W", 1 },  /* hemispheres, no degree sign */
	{ "latlon", "40°41'21.4\"N 74°02'40.2\"W", 1 },  /* DMS */
	{ "latlon", "40°41′21.4″N 74°02′40.2″W", 1 },  /* DMS, Unicode primes */
	{ "latlon", "40°41'21.4''N, 74°02'40.2''O", 1 },  /* DMS, two apostrophes, O for west */
	{ "latlon", "90.000, 180.000", 1 },  /* the limits */
	{ "latlon", "90.001, 20.000", 0 },  /* latitude over 90 */
	{ "latlon", "45.000, 180.5000", 0 },  /* longitude over 180 */
	{ "latlon", "0.000, 0.000", 0 },  /* no position */
	{ "latlon", "48.85, 2.29", 0 },  /* two decimals */
	{ "latlon", "48.85837,2.29448", 1 },  /* comma without space */
	{ "latlon", "48.858372.29448", 0 },  /* nothing between the numbers */
	{ "latlon", "51.5007° E, 0.1246° N", 0 },  /* hemispheres swapped */
	{ "latlon", "51.5007° N, 0.1246", 0 },  /* one hemisphere only */
	{ "latlon", "-51.5007 N, 0.1246 W", 0 },  /* a sign and a hemisphere */
	{ "latlon", "40°61'21.4\"N 74°02'40.2\"W", 0 },  /* minutes 61 */
	{ "latlon", "40°41'61.4\"N 74°02'40.2\"W", 0 },  /* seconds 61 */
	{ "latlon", "48.85837, 2.29448, 3.1", 0 },  /* a third number */

	{ "phone_fr", "+33 1 84 20 37 19", 1 },  /* international */
	{ "phone_fr", "+33 (0)6 48 20 19 37", 1 },  /* trunk (0) */
	{ "phone_fr", "0033 4 91 82 03 77", 1 },  /* 00 prefix */
	{ "phone_fr", "01 84 20 37 19", 1 },  /* national */
	{ "phone_fr", "06.48.20.19.37", 1 },  /* dots */
	{ "phone_fr", "+33184203719", 1 },  /* compact */
	{ "phone_fr", "+33 0 84 20 37 19", 0 },  /* NSN starting 0 */
	{ "phone_fr", "+33 1 84 20 37 1", 0 },  /* 8 digits */
	{ "phone_fr", "+33 6 00 00 00 00", 0 },  /* fill-in */
	{ "phone_fr", "1 84 20 37 19", 0 },  /* national without 0 */
	{ "phone_fr", "+49 1 84 20 37 19", 0 },  /* another country code */
	{ "phone_fr", "+33 (1) 84 20 37 19", 1 },  /* parentheses around the area digit */
	{ "phone_fr", "+33 (1 84 20 37 19", 0 },  /* unbalanced parenthesis */
	{ "phone_fr", "06.48.20.19.37", 1 },  /* dots, five groups */

	{ "phone_de", "+49 30 48201937", 1 },  /* Berlin */
	{ "phone_de", "+49 (0)151 23849017", 1 },  /* mobile, trunk (0) */
	{ "phone_de", "030 48201937", 1 },  /* national */
	{ "phone_de", "0151/23849017", 1 },  /* slash */
	{ "phone_de", "(089) 7302 9184", 1 },  /* parentheses */
	{ "phone_de", "0049 89 73029184", 1 },  /* 00 prefix */
	{ "phone_de", "+49 30 482", 0 },  /* too short */
	{ "phone_de", "+49 151 2384", 0 },  /* short mobile */
	{ "phone_de", "+49 0 3048201937", 0 },  /* NSN starting 0 */
	{ "phone_de", "+49 30 482019370123", 0 },  /* too long */
	{ "phone_de", "2013-07-07", 0 },  /* an ISO date */
	{ "phone_de", "0049 89 73029184", 1 },  /* 00 and the country code */

	{ "phone_it", "+39 06 4820 1937", 1 },  /* Rome landline */
	{ "phone_it", "+39 347 820 1937", 1 },  /* mobile */
	{ "phone_it", "06 4820 1937", 1 },  /* national landline */
	{ "phone_it", "347 820 1937", 1 },  /* national mobile */
	{ "phone_it", "+39 47 8201 937", 0 },  /* starts with 4 */
	{ "phone_it", "+39 347 82", 0 },  /* short mobile */
	{ "phone_it", "+39 06 000000", 0 },  /* fill-in */
	{ "phone_it", "06 48201", 0 },  /* landline of 7 digits */
	{ "phone_it", "0648 2019", 1 },  /* landline of 8 digits */
	{ "phone_it", "07/07/2013", 0 },  /* a date */
	{ "phone_it", "353207.547", 0 },  /* a decimal number */
	{ "phone_it", "317-278-4100", 0 },  /* written as a North American number */
	{ "phone_it", "317 278 4100", 1 },  /* the same digits, Italian spacing */
	{ "phone_it", "+39 317-278-4100", 1 },  /* with +39 it is Italian */

	{ "phone_es", "+34 612 48 20 19", 1 },  /* mobile */
	{ "phone_es", "+34 914 820 193", 1 },  /* Madrid */
	{ "phone_es", "612 48 20 19", 1 },  /* national */
	{ "phone_es", "698-201-937", 1 },  /* hyphens */
	{ "phone_es", "+34 512 48 20 19", 0 },  /* starts with 5 */
	{ "phone_es", "+34 612 48 20 1", 0 },  /* 8 digits */
	{ "phone_es", "612.482", 0 },  /* decimal-like */

	{ "phone_uk", "+44 20 7946 0958", 1 },  /* London */
	{ "phone_uk", "+44 (0)7700 900123", 1 },  /* mobile, trunk (0) */
	{ "phone_uk", "0044 1632 960123", 1 },  /* 00 prefix */
	{ "phone_uk", "020 7946 0958", 1 },  /* national */
	{ "phone_uk", "(01632) 960123", 1 },  /* parentheses */
	{ "phone_uk", "+44 60 7946 0958", 0 },  /* starts with 6 */
	{ "phone_uk", "+44 7700 90012", 0 },  /* mobile of 9 digits */
	{ "phone_uk", "20 7946 0958", 0 },  /* national without 0 */

	{ "phone_br", "+55 11 98765-4321", 1 },  /* mobile */
	{ "phone_br", "+55 (21) 3456-7890", 1 },  /* landline */
	{ "phone_br", "(11) 98765-4321", 1 },  /* national */
	{ "phone_br", "011 3456 7890", 1 },  /* national with trunk 0 */
	{ "phone_br", "+55 11 08765-4321", 0 },  /* subscriber starting 0 */
	{ "phone_br", "+55 11 6876-4321", 0 },  /* landline starting 6 */
	{ "phone_br", "+55 10 98765-4321", 0 },  /* area code with 0 */
	{ "phone_br", "+55 11 88765-4321", 0 },  /* 9 digits not starting 9 */
	{ "phone_br", "1234567890", 0 },  /* a fill-in run */

	{ "phone_nanp", "+1 (212) 555-0147", 1 },  /* international */
	{ "phone_nanp", "+1-416-555-0199", 1 },  /* Toronto */
	{ "phone_nanp", "(212) 555-0147", 1 },  /* national */
	{ "phone_nanp", "1-800-555-0123", 1 },  /* leading 1 */
	{ "phone_nanp", "212.555.0147", 1 },  /* dots */
	{ "phone_nanp", "2125550147", 1 },  /* compact */
	{ "phone_nanp", "+1 (112) 555-0147", 0 },  /* area code starting 1 */
	{ "phone_nanp", "+1 212 155 0147", 0 },  /* exchange starting 1 */
	{ "phone_nanp", "+1 211 555 0147", 0 },  /* area code N11 */
	{ "phone_nanp", "+1 212 411 0147", 0 },  /* exchange N11 */
	{ "phone_nanp", "212 555 014", 0 },  /* 9 digits */
	{ "phone_nanp", "+44 212 555 0147", 0 },  /* another country code */

	{ "http_cookie", "Cookie: sessionid=8f14e45fceea167a5a36dedd4bea2543", 1 },  /* Cookie */
	{ "http_cookie", "Set-Cookie: SID=31d4d96e407aad42", 1 },  /* Set-Cookie */
	{ "http_cookie", "cookie:\tauth_token=Zm9vYmFy/+=", 1 },  /* lower case, tab, base64 */
	{ "http_cookie", "SET-COOKIE:a=b2", 1 },  /* upper case, no space */
	{ "http_cookie", "Cookie: name=value", 0 },  /* placeholder "value" */
	{ "http_cookie", "Cookie: a=<value>", 0 },  /* placeholder <...> */
	{ "http_cookie", "Cookie: a={token}", 0 },  /* placeholder {...} */
	{ "http_cookie", "Cookie: a=$TOKEN", 0 },  /* placeholder $VAR */
	{ "http_cookie", "Cookie: a=xxxx", 0 },  /* one character repeated */
	{ "http_cookie", "Cookie: flag=1", 0 },  /* one character */
	{ "http_cookie", "Cookie: a=", 0 },  /* empty value */
	{ "http_cookie", "Cookie: =abc123", 0 },  /* no name */
	{ "http_cookie", "Cookie: a=b c", 0 },  /* space in the value */
	{ "http_cookie", "Cookie: a=\"b1\"", 0 },  /* quotes */
	{ "http_cookie", "Cookies: a=b1", 0 },  /* not the header name */
	{ "http_cookie", "Set-Cookie a=b1", 0 },  /* no colon */

	{ "vin", "1HGSJ07E8PC013807", 1 },  /* North America, check 8 */
	{ "vin", "1FTRW08LXRKA00013", 1 },  /* check X */
	{ "vin", "LSGPC54U3BF123456", 1 },  /* China, check 3 */
	{ "vin", "WVWAELCW0PA863576", 1 },  /* Europe, no check */
	{ "vin", "VF1U71420PC839813", 1 },  /* Europe, position 9 any */
	{ "vin", "1hgsj07e8pc013807", 1 },  /* lower case */
	{ "vin", "1HGSJ07E9PC013807", 0 },  /* check off */
	{ "vin", "LSGPC54U4BF123456", 0 },  /* China, check off */
	{ "vin", "1HGSJ07E3UC013807", 0 },  /* North America: model year U (check right) */
	{ "vin", "1HGSJ07E00C013807", 0 },  /* North America: model year 0 (check right) */
	{ "vin", "WVWAELCW5UA863576", 1 },  /* Europe: U allowed */
	{ "vin", "1HGSJ07E8PC01380A", 0 },  /* last four not digits */
	{ "vin", "1HGSJ07I8PC013807", 0 },  /* letter I */
	{ "vin", "1HGSJ07E8PC01380", 0 },  /* 16 characters */
	{ "vin", "12345678901234567", 0 },  /* no letter */
};

/* The validators this file's table must register, in its order. */
static const char *const expected_names[] = {
	"plain_id",	 "ar_dni",	  "ar_cuit_person", "ar_cuit_org",
	"ar_sube",	 "cl_rut",	  "co_nit_person",  "co_nit_org",
	"co_cedula",	 "br_rg",	  "br_cep",	    "mx_curp",
	"mx_rfc_person", "mx_rfc_org",	  "au_tfn",	    "fr_spi",
	"uk_utr",	 "us_itin",	  "es_nif_person",  "es_cif",
	"es_nss",	 "de_id_card",	  "de_passport",    "ca_uci",
	"us_dl",	 "uk_dl",	  "in_dl",	    "uk_electoral",
	"dob",		 "latlon",	  "phone_fr",	    "phone_de",
	"phone_it",	 "phone_es",	  "phone_uk",	    "phone_br",
	"phone_nanp",	 "http_cookie",	  "vin",
};
#define NNAMES (sizeof expected_names / sizeof expected_names[0])

/* Every entry has a function and a description, and its name finds this
 * very entry: a validator of the same name in another part of the registry
 * (validate_europe.c, validate_macie.c, validators.c) would shadow it or be
 * shadowed, and fails here. */
static void test_registry(void)
{
	size_t n = 0;

	for (const struct trawl_validator *v = trawl_validators_world; v->name; v++) {
		T_CHECK(n < NNAMES && strcmp(v->name, expected_names[n]) == 0,
			"registry (world): entry %zu is %s", n, v->name);
		T_CHECK(v->fn && v->description && *v->description,
			"registry (world): %s has a function and a description", v->name);
		T_CHECK(trawl_validator_find(v->name) == v,
			"registry (world): the name %s finds this entry, and only it", v->name);
		n++;
	}
	T_CHECK(n == NNAMES, "registry (world): %zu validators (expected %zu)", n,
		(size_t)NNAMES);
}

/* Every validator rejects empty input and plain garbage. */
static void test_garbage(void)
{
	static const char *const junk[] = {
		"", " ", "-", ".", "0", "\n", "--------", "          ",
		"hello world", "\xff\xfe\xfd", "NULL", "@.", "...", "+", "()",
		"Cookie:", "\xC3", "\xC2\xB0", "0000000000000000",
	};

	vt_garbage(trawl_validators_world, junk, sizeof junk / sizeof junk[0],
		   '7', "digits");
}

/* Random input: no crash, no out-of-span read (see vt_run()), answers stable.
 * The alphabet leans to what these validators read: digits, separators,
 * letters, the UTF-8 of Ñ and the degree sign. */
static void test_random(void)
{
	static const char *const atoms[] = {
		"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "9", "0",
		"A", "K", "X", "M", "H", "N", "S", "E", "W", "Z", "a", "k",
		" ", "-", ".", "/", "+", "(", ")", ",", ";", "'", "\"",
		"\xC3\x91", "\xC2\xB0", "\xC3", "=", ":", "\t",
	};
	uint32_t x = 1030;

	vt_random(trawl_validators_world, atoms, sizeof atoms / sizeof atoms[0],
		  48, &x);
}

/*
 * Spans cut inside a UTF-8 character or just before what a validator would
 * look at next: each prefix of a valid value is run on an exact-size copy
 * (ASan sees any read past it), and the full value must still pass.
 */
static void test_prefixes(void)
{
	static const struct vcase full[] = {
		{ "mx_rfc_person", "PEÑA850312K72", 1 },
		{ "mx_rfc_org", "ÑAB1905233BA", 1 },
		{ "latlon", "51.5007° N, 0.1246° W", 1 },
		{ "latlon", "40°41′21.4″N 74°02′40.2″W", 1 },
		{ "dob", "1 février 1985", 1 },
		{ "http_cookie", "Set-Cookie: SID=31d4d96e407aad42", 1 },
		{ "phone_uk", "+44 (0)7700 900123", 1 },
		{ "uk_dl", "JONES 610128 J99AB", 1 },
	};
	for (size_t i = 0; i < sizeof full / sizeof full[0]; i++) {
		size_t n = strlen(full[i].value);
		bool ok = vt_run(full[i].name, full[i].value, n) == 1;
		for (size_t k = 0; k < n; k++)
			if (vt_run(full[i].name, full[i].value, k) < 0)
				ok = false;
		T_CHECK(ok, "%s: every prefix of \"%s\" runs within its span",
			full[i].name, full[i].value);
	}
}

/*
 * Check digits catch every single-digit substitution: for each valid value,
 * each digit position replaced by each other digit must be rejected (mod
 * 97, the RG's mod 11 with weights 2-9, ICAO 7-3-1, the VIN's mod 11 for a
 * digit outside the check position and the region). None of these has a
 * stdnum module.
 */
static void test_substitutions(void)
{
	static const struct vcase valid[] = {
		{ "es_nss", "286739046745", 1 },
		{ "es_nss", "08521641168", 1 },
		{ "br_rg", "485307625", 1 },
		{ "br_rg", "785927827", 1 },
		{ "de_id_card", "3324383868", 1 },
		{ "de_id_card", "XKCWJ9P237", 1 },
		{ "de_passport", "K2XMNYZCC9", 1 },
		{ "vin", "1HGSJ07E8PC013807", 1 },
		{ "vin", "LSGPC54U3BF123456", 1 },
	};
	for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
		char s[32];
		size_t n = strlen(valid[i].value);
		int caught = 0, tried = 0;
		bool base = vt_run(valid[i].name, valid[i].value, n) == 1;
		for (size_t p = 0; p < n; p++) {
			if (valid[i].value[p] < '0' || valid[i].value[p] > '9')
				continue;
			/* a VIN's first character says whether a check digit
			 * applies at all (1-5, L): not a substitution to catch */
			if (strcmp(valid[i].name, "vin") == 0 && p == 0)
				continue;
			for (char d = '0'; d <= '9'; d++) {
				if (d == valid[i].value[p])
					continue;
				memcpy(s, valid[i].value, n + 1);
				s[p] = d;
				tried++;
				caught += vt_run(valid[i].name, s, n) == 0;
			}
		}
		T_CHECK(base && tried > 0 && caught == tried,
			"%s(\"%s\"): valid, and all %d single-digit substitutions rejected "
			"(%d were)", valid[i].name, valid[i].value, tried, caught);
	}
}

/* Dates relative to today (computed here, so they never go stale). */
static void test_today(void)
{
	time_t now = time(NULL);
	struct tm td, tm;
	char s[48];

	localtime_r(&now, &td);
	now += 86400;
	localtime_r(&now, &tm);
	int ty = td.tm_year + 1900;

	snprintf(s, sizeof s, "%04d-%02d-%02d", ty, td.tm_mon + 1, td.tm_mday);
	vt_check("dob", s, 1); /* born today */
	snprintf(s, sizeof s, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday);
	vt_check("dob", s, 0); /* born tomorrow */
	/* a two-digit year past this one is read as 19yy */
	snprintf(s, sizeof s, "01/01/%02d", (ty + 1) % 100);
	vt_check("dob", s, 1);
	/* 1 Jan of next year, four digits: in the future */
	snprintf(s, sizeof s, "01/01/%04d", ty + 1);
	vt_check("dob", s, 0);

	/* in_dl: issued this year at the latest */
	snprintf(s, sizeof s, "MH14 %04d0062821", ty);
	vt_check("in_dl", s, 1);
	snprintf(s, sizeof s, "MH14 %04d0062821", ty + 1);
	vt_check("in_dl", s, 0);
}

int main(void)
{
	vt_check_cases(cases, sizeof cases / sizeof cases[0]);
	/* every registered validator has table cases */
	for (size_t k = 0; k < NNAMES; k++) {
		int v, inv;
		vt_count(cases, sizeof cases / sizeof cases[0], expected_names[k],
			 &v, &inv);
		T_CHECK(v >= 2 && inv >= 2, "%s: %d valid and %d invalid cases",
			expected_names[k], v, inv);
	}
	test_registry();
	test_garbage();
	test_prefixes();
	test_substitutions();
	test_today();
	test_random();
	return t_done();
}
