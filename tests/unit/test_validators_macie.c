/*
 * test_validators_macie.c - unit tests for the validators of
 * src/confirm/validate_macie.c (issue 5, part 1).
 *
 * Every value is synthetic: random payloads with their check digits
 * computed offline (python-stdnum, zlib.crc32 for GitHub's checksum, the
 * published rules elsewhere), never a real account, card, person, device
 * or token. For each validator: valid values, a wrong check digit, wrong
 * lengths, the separators and forms it documents and those it refuses.
 * tests/p1020-oracle-macie.py compares the same validators with an oracle
 * on 100,000 candidates each; these tests pin the edges by name.
 */
#include "vtest.h"

#include <stdlib.h>
#include <string.h>

static const struct vcase cases[] = {
	/* gh_token: CRC-32 of the 30 characters, base 62, in the last 6 */
	{ "gh_token", "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", 1 },
	{ "gh_token", "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", 1 },
	{ "gh_token", "ghu_POCcBEF8m5GkOXhiY5ydVCQkdbDovo1CrPju", 1 },
	{ "gh_token", "ghs_bWhTRMUp4nLhCO8EgBSg1jSGNQBKqO0CrBlh", 1 },
	{ "gh_token", "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", 1 },
	{ "gh_token", "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", 1 },  /* checksum padded with '0' */
	{ "gh_token", "ghp_iIzsCvggAoeGgQlmtjEQttMgP07WYCcu9sX", 0 },  /* the padding dropped */
	{ "gh_token", "ghp_GDBQrExaL4NELajphxuGcpE9zok8XN3FmYOA", 0 },  /* checksum wrong */
	{ "gh_token", "ghp_YI9VYk8QNbNE64rIi66XCloAqV7ovZ2aISdj", 0 },  /* last character changed */
	{ "gh_token", "ghp_YI9VYk8QNbNE64rIi66XCloAqV7ovZ2aISd", 0 },  /* 39 */
	{ "gh_token", "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X", 0 },  /* 41 */
	{ "gh_token", "ghx_YI9VYk8QNbNE64rIi66XCloAqV7ovZ2aISdi", 0 },  /* no such prefix */
	{ "gh_token", "GHP_YI9VYk8QNbNE64rIi66XCloAqV7ovZ2aISdi", 0 },  /* upper case prefix */
	{ "gh_token", "ghp_YI9VYk8QNbNE64rIi66X-loAqV7ovZ2aISdi", 0 },  /* not base 62 */
	{ "gh_token", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 0 },  /* placeholder */
	{ "gh_token", "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", 1 },
	{ "gh_token", "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", 0 },  /* '_' missing */
	{ "gh_token", "github_pat_BvssCsd3qTn9yFkbuFwRv6_CpHQ9Cyx2A18qNvB0N9PnItE2o7Ks3QBAU4jgVbp3cUqpExFHDfxwK7m11", 0 },  /* 92 */
	{ "gh_token", "", 0 },

	/* bank_account: 9-17 digits, no placeholder */
	{ "bank_account", "729325320962", 1 },
	{ "bank_account", "508454972", 1 },  /* 9 */
	{ "bank_account", "50845497231234567", 1 },  /* 17 */
	{ "bank_account", "98765432109", 1 },  /* descending is no placeholder */
	{ "bank_account", "50845497", 0 },  /* 8 */
	{ "bank_account", "508454972312345678", 0 },  /* 18 */
	{ "bank_account", "000000000", 0 },
	{ "bank_account", "7777777777", 0 },
	{ "bank_account", "123456789", 0 },
	{ "bank_account", "890123456", 0 },  /* ascending, wrapping 9 to 0 */
	{ "bank_account", "7293 25320962", 0 },  /* no separators */
	{ "bank_account", "72932532096a", 0 },

	/* fr_rib: 97 - (89 bank + 15 branch + 3 account) mod 97 */
	{ "fr_rib", "75901484725776238064F39", 1 },
	{ "fr_rib", "75901 48472 5776238064F 39", 1 },
	{ "fr_rib", "75901-48472-5776238064F-39", 1 },
	{ "fr_rib", "75901 48472 5776238064f 39", 1 },  /* lower case */
	{ "fr_rib", "56951 01837 92818514919 75", 1 },
	{ "fr_rib", "30004 01234 JS12345678Z 88", 1 },  /* letters J, S, Z */
	{ "fr_rib", "30004 01234 JS12345678Z 87", 0 },
	{ "fr_rib", "75901 48472 5776238064F 38", 0 },  /* key wrong */
	{ "fr_rib", "75901 48472 5776238064G 39", 0 },  /* account changed */
	{ "fr_rib", "75901 48472 5776238064F 3", 0 },  /* 22 */
	{ "fr_rib", "75901 48472 5776238064F 390", 0 },  /* 24 */
	{ "fr_rib", "7590A 48472 5776238064F 39", 0 },  /* letter in the bank code */
	{ "fr_rib", "75901.48472.5776238064F.39", 0 },  /* dots */

	/* de_bban: BLZ clearing area 1-8, account not zero */
	{ "de_bban", "332204298581777295", 1 },
	{ "de_bban", "33220429 8581777295", 1 },
	{ "de_bban", "3322 0429 8581 7772 95", 1 },
	{ "de_bban", "3322-0429-8581-7772-95", 1 },
	{ "de_bban", "832204290000000001", 1 },
	{ "de_bban", "932204298581777295", 0 },  /* clearing area 9 */
	{ "de_bban", "032204298581777295", 0 },  /* clearing area 0 */
	{ "de_bban", "332204290000000000", 0 },  /* account zero */
	{ "de_bban", "33220429858177729", 0 },  /* 17 */
	{ "de_bban", "3322042985817772951", 0 },  /* 19 */
	{ "de_bban", "33220429858177729X", 0 },

	/* it_bban: CIN letter over ABI, CAB and account */
	{ "it_bban", "O3056109959566124492284", 1 },
	{ "it_bban", "O 30561 09959 566124492284", 1 },
	{ "it_bban", "o-30561-09959-566124492284", 1 },  /* lower case, hyphens */
	{ "it_bban", "C6164036966565351889098", 1 },
	{ "it_bban", "K1234567890AB0000123456", 1 },  /* letters in the account */
	{ "it_bban", "K1234567890AC0000123456", 0 },
	{ "it_bban", "P3056109959566124492284", 0 },  /* CIN wrong */
	{ "it_bban", "03056109959566124492284", 0 },  /* CIN a digit */
	{ "it_bban", "O305610995956612449228", 0 },  /* 22 */
	{ "it_bban", "O3056A09959566124492284", 0 },  /* letter in the ABI */

	/* es_ccc: two control digits, as stdnum.es.ccc */
	{ "es_ccc", "65771599367984586938", 1 },
	{ "es_ccc", "6577 1599 36 7984586938", 1 },
	{ "es_ccc", "6577-1599-36-7984586938", 1 },
	{ "es_ccc", "6577 1599 3679 8458 6938", 1 },
	{ "es_ccc", "9610 1919 28 5248448612", 1 },
	{ "es_ccc", "65771599467984586938", 0 },  /* first control wrong */
	{ "es_ccc", "65771599377984586938", 0 },  /* second control wrong */
	{ "es_ccc", "65771599367984586939", 0 },  /* account changed */
	{ "es_ccc", "6577159936798458693", 0 },  /* 19 */
	{ "es_ccc", "6577.1599.36.7984586938", 0 },

	/* card_cvv: 3 or 4 digits, not a year */
	{ "card_cvv", "382", 1 },
	{ "card_cvv", "7351", 1 },
	{ "card_cvv", "000", 1 },
	{ "card_cvv", "1949", 1 },
	{ "card_cvv", "2100", 1 },
	{ "card_cvv", "382.", 1 },  /* a sentence's end */
	{ "card_cvv", "382,", 1 },
	{ "card_cvv", "382 ", 1 },
	{ "card_cvv", "1950", 0 },  /* a year */
	{ "card_cvv", "2027", 0 },
	{ "card_cvv", "2099", 0 },
	{ "card_cvv", "12", 0 },
	{ "card_cvv", "12345", 0 },
	{ "card_cvv", "38a", 0 },
	{ "card_cvv", "382..", 0 },

	/* card_expiry */
	{ "card_expiry", "09/27", 1 },
	{ "card_expiry", "9/27", 1 },
	{ "card_expiry", "09 / 27", 1 },
	{ "card_expiry", "11/2029", 1 },
	{ "card_expiry", "12-29", 1 },
	{ "card_expiry", "12-2029", 1 },
	{ "card_expiry", "Feb 2028", 1 },
	{ "card_expiry", "february 2028", 1 },
	{ "card_expiry", "SEPT. 2030", 1 },
	{ "card_expiry", "Sep-2030", 1 },
	{ "card_expiry", "Dec2030", 1 },
	{ "card_expiry", "26-Nov", 1 },
	{ "card_expiry", "26-november", 1 },
	{ "card_expiry", "13/27", 0 },  /* month 13 */
	{ "card_expiry", "00/27", 0 },
	{ "card_expiry", "9-27", 0 },  /* one-digit month with '-' */
	{ "card_expiry", "09 -27", 0 },  /* spaces with '-' */
	{ "card_expiry", "09  / 27", 0 },  /* two spaces */
	{ "card_expiry", "09/1999", 0 },  /* 19xx */
	{ "card_expiry", "09/271", 0 },
	{ "card_expiry", "17 April 2018", 0 },  /* a full date */
	{ "card_expiry", "3 Dec 2015", 0 },
	{ "card_expiry", "1st May 2026", 0 },
	{ "card_expiry", "Feb 1999", 0 },
	{ "card_expiry", "Feb 28", 0 },  /* a day, not a year */
	{ "card_expiry", "Decimal 2026", 0 },  /* no month */
	{ "card_expiry", "Ma 2026", 0 },
	{ "card_expiry", "2-Nov", 0 },
	{ "card_expiry", "26-Nov-2026", 0 },

	/* magstripe: tracks 1 and 2 */
	{ "magstripe", "%B4950602418218850^WESTON/ALEX J^2811101000000000000000?", 1 },
	{ "magstripe", "B4950602418218850^WESTON/ALEX J^2811101", 1 },  /* no sentinels */
	{ "magstripe", "%B4950602418218850^WE^2811201?", 1 },  /* name of 2 */
	{ "magstripe", ";5388641973196332=28111010000012345678?", 1 },
	{ "magstripe", "5388641973196332=2811101", 1 },
	{ "magstripe", "5388641973196332=2812901?", 1 },  /* service code 9, December */
	{ "magstripe", "%B4950602418218851^WESTON/ALEX J^2811101000000000000000?", 0 },  /* Luhn */
	{ "magstripe", ";5388641973196333=28111010000012345678?", 0 },  /* Luhn */
	{ "magstripe", ";5388641973196332=28131010000012345678?", 0 },  /* month 13 */
	{ "magstripe", ";5388641973196332=28001010000012345678?", 0 },  /* month 00 */
	{ "magstripe", ";5388641973196332=28113010000012345678?", 0 },  /* service code 3 */
	{ "magstripe", "%B4950602418218850^W^2811101?", 0 },  /* name of 1 */
	{ "magstripe", "%B4950602418218850^ABCDEFGHIJKLMNOPQRSTUVWXYZA^2811101?", 0 },  /* name of 27 */
	{ "magstripe", "%B4950602418218850^WESTON/ALEX J^281110?", 0 },  /* 6 digits */
	{ "magstripe", "%5388641973196332=2811101?", 0 },  /* % with track 2 */
	{ "magstripe", ";B4950602418218850^WESTON/ALEX J^2811101?", 0 },  /* ; with track 1 */
	{ "magstripe", ";5388641973196332=28111010000A12345678?", 0 },  /* letter in track 2 */
	{ "magstripe", ";5388641973196332=2811101000000000000000000000000000000000000000000000000000?", 0 },  /* 51 of discretionary */
	{ "magstripe", ";5388641973196332=281110100000000000000000000000000000000000000000000000000?", 1 },  /* 50 */
	{ "magstripe", ";53886419731=2811101?", 0 },  /* PAN of 11 */
	{ "magstripe", "4950602418218850^WESTON/ALEX J^2811101", 0 },  /* track 1 without B */
	{ "magstripe", "?", 0 },

	/* bic: structure, ISO 3166 country */
	{ "bic", "ZKLMDEFF", 1 },
	{ "bic", "QXRTFRPP120", 1 },
	{ "bic", "ZKLMXKPR", 1 },  /* XK: Kosovo, as SWIFT uses it */
	{ "bic", "ZKLMGB2L", 1 },
	{ "bic", "ZKLMUKFF", 0 },  /* UK is not ISO 3166 (GB is) */
	{ "bic", "ZKLMQQFF", 0 },
	{ "bic", "ZKL1DEFF", 0 },  /* digit in the institution */
	{ "bic", "ZKLMD3FF", 0 },  /* digit in the country */
	{ "bic", "ZKLMDEF", 0 },  /* 7 */
	{ "bic", "ZKLMDEFF5", 0 },  /* 9 */
	{ "bic", "ZKLMDEFF5000", 0 },  /* 12 */
	{ "bic", "zklmdeff", 0 },  /* lower case */
	{ "bic", "ZKLM DE FF", 0 },  /* spaces */
	{ "bic", "ZKLMDEF-", 0 },

	/* us_dea: (d1+d3+d5) + 2(d2+d4+d6), last digit */
	{ "us_dea", "MS3029217", 1 },
	{ "us_dea", "FG0048199", 1 },
	{ "us_dea", "A91234563", 1 },  /* 9: a business name */
	{ "us_dea", "MS3029218", 0 },
	{ "us_dea", "QS3029217", 0 },  /* no registrant type Q */
	{ "us_dea", "IS3029217", 0 },
	{ "us_dea", "M13029217", 0 },  /* second: a letter or 9 */
	{ "us_dea", "ms3029217", 0 },  /* lower case */
	{ "us_dea", "MS302921", 0 },
	{ "us_dea", "MS30292170", 0 },
	{ "us_dea", "MS 3029217", 0 },

	/* us_hicn: SSN and beneficiary code */
	{ "us_hicn", "397675078A", 1 },
	{ "us_hicn", "397-67-5078A", 1 },
	{ "us_hicn", "397-67-5078 A", 1 },
	{ "us_hicn", "615 60 6818 B1", 1 },
	{ "us_hicn", "615606818HA", 1 },
	{ "us_hicn", "615606818W9", 1 },
	{ "us_hicn", "397675078I", 0 },  /* no code I */
	{ "us_hicn", "397675078Z", 0 },
	{ "us_hicn", "615606818B0", 0 },  /* second: 1-9 or a letter */
	{ "us_hicn", "666675078A", 0 },  /* area 666 */
	{ "us_hicn", "900675078A", 0 },  /* area 9xx */
	{ "us_hicn", "397005078A", 0 },  /* group 00 */
	{ "us_hicn", "397670000A", 0 },  /* serial 0000 */
	{ "us_hicn", "078051120A", 0 },  /* stdnum's blacklist */
	{ "us_hicn", "397675078", 0 },  /* no code */
	{ "us_hicn", "397675078A12", 0 },
	{ "us_hicn", "397675078a", 0 },  /* lower case */

	/* us_mbi: positions */
	{ "us_mbi", "3QW7KD4UH62", 1 },
	{ "us_mbi", "3QW7-KD4-UH62", 1 },
	{ "us_mbi", "3QW7 KD4 UH62", 1 },
	{ "us_mbi", "8TR2J05XW19", 1 },  /* digits in positions 3 and 6 */
	{ "us_mbi", "0QW7KD4UH62", 0 },  /* first 0 */
	{ "us_mbi", "3SW7KD4UH62", 0 },  /* S */
	{ "us_mbi", "3QB7KD4UH62", 0 },  /* B */
	{ "us_mbi", "3QW7KD4UZ62", 0 },  /* Z */
	{ "us_mbi", "3QWAKD4UH62", 0 },  /* letter in position 4 */
	{ "us_mbi", "3QW7K44UH62", 1 },  /* position 6 either */
	{ "us_mbi", "3QW74D4UH62", 0 },  /* digit in position 5 */
	{ "us_mbi", "3QW7KD4UH6", 0 },  /* 10 */
	{ "us_mbi", "3QW7KD4UH621", 0 },  /* 12 */
	{ "us_mbi", "3qw7kd4uh62", 0 },  /* lower case */

	/* us_ndc: 4-4-2, 5-3-2, 5-4-1, 5-4-2 */
	{ "us_ndc", "0409-4888-02", 1 },
	{ "us_ndc", "61703-349-10", 1 },
	{ "us_ndc", "61703-0349-1", 1 },
	{ "us_ndc", "61703-0349-10", 1 },
	{ "us_ndc", "00000-0349-10", 0 },  /* labeler zero */
	{ "us_ndc", "0000-4888-02", 0 },
	{ "us_ndc", "6170-30349-10", 0 },  /* 4-5-2 */
	{ "us_ndc", "61703-03491-0", 0 },  /* 5-5-1 */
	{ "us_ndc", "617030349-10", 0 },  /* one hyphen */
	{ "us_ndc", "61703-0349-10-1", 0 },
	{ "us_ndc", "61703 0349 10", 0 },
	{ "us_ndc", "61703--0349", 0 },
	{ "us_ndc", "-61703-0349", 0 },

	/* us_npi: Luhn over 80840 and the number */
	{ "us_npi", "1388225124", 1 },
	{ "us_npi", "2361162441", 1 },
	{ "us_npi", "1388225125", 0 },
	{ "us_npi", "3388225124", 0 },  /* first 3 */
	{ "us_npi", "138822512", 0 },
	{ "us_npi", "13882251240", 0 },
	{ "us_npi", "1388 225124", 0 },

	/* gs1_udi: (01) and a GTIN-14 */
	{ "gs1_udi", "(01)73736758484750", 1 },
	{ "gs1_udi", "(01) 92679251781283", 1 },
	{ "gs1_udi", "(01)73736758484751", 0 },  /* check digit */
	{ "gs1_udi", "(02)73736758484750", 0 },
	{ "gs1_udi", "(01)7373675848475", 0 },  /* GTIN-13 */
	{ "gs1_udi", "(01)737367584847500", 0 },
	{ "gs1_udi", "(01)  92679251781283", 0 },  /* two spaces */
	{ "gs1_udi", "0173736758484750", 0 },  /* no parentheses */

	/* ca_health: Ontario Luhn or BC PHN */
	{ "ca_health", "6260181596", 1 },
	{ "ca_health", "6260-181-596", 1 },
	{ "ca_health", "6260 181 596", 1 },
	{ "ca_health", "9393768854", 1 },  /* BC */
	{ "ca_health", "9698 658 215", 1 },  /* stdnum.ca.bc_phn's example */
	{ "ca_health", "9678899430", 1 },  /* BC, check 0 (11 - sum is 11) */
	{ "ca_health", "9458994310", 0 },  /* BC check would be 10 */
	{ "ca_health", "6260181597", 0 },
	{ "ca_health", "9393768855", 0 },
	{ "ca_health", "626018159", 0 },
	{ "ca_health", "62601815960", 0 },
	{ "ca_health", "6260.181.596", 0 },

	/* ehic: 80, an issuing country, 20 digits */
	{ "ehic", "80276896833793841989", 1 },
	{ "ehic", "80276 89683 37938 41989", 1 },
	{ "ehic", "80380-43513-53308-06527", 1 },
	{ "ehic", "80246123451234512345", 1 },  /* Finland, another institution */
	{ "ehic", "80826000000000000001", 1 },  /* UK */
	{ "ehic", "80246802461650806756", 0 },  /* FINLAND_... reports these */
	{ "ehic", "80840896833793841989", 0 },  /* 840: US */
	{ "ehic", "81276896833793841989", 0 },
	{ "ehic", "8027689683379384198", 0 },  /* 19 */
	{ "ehic", "802768968337938419890", 0 },  /* 21 */

	/* ip_address: IPv4 */
	{ "ip_address", "10.23.145.7", 1 },
	{ "ip_address", "10.23.145.7.", 1 },  /* a sentence's end */
	{ "ip_address", "172.20.31.204", 1 },
	{ "ip_address", "1.100.0.1", 1 },
	{ "ip_address", "223.255.255.254", 1 },
	{ "ip_address", "192.0.3.1", 1 },
	{ "ip_address", "10.0.0.1", 1 },  /* private, small numbers */
	{ "ip_address", "10.1.2.3", 1 },
	{ "ip_address", "30.6.35.9", 1 },  /* first octet 30 */
	{ "ip_address", "29.64.5.9", 1 },  /* an octet of 64 */
	{ "ip_address", "29.6.35.19", 1 },  /* one single digit */
	{ "ip_address", "29.6.35.9", 0 },  /* version-like */
	{ "ip_address", "2.6.35.9", 0 },  /* a kernel version */
	{ "ip_address", "27.4.5.1", 0 },  /* a C++ standard section */
	{ "ip_address", "1.1.1.1", 0 },
	{ "ip_address", "10.1.2.0", 0 },  /* a network */
	{ "ip_address", "10.1.2.255", 0 },  /* a broadcast */
	{ "ip_address", "0.1.2.3", 0 },  /* 0/8 */
	{ "ip_address", "127.0.0.1", 0 },  /* loopback */
	{ "ip_address", "224.0.0.251", 0 },  /* multicast */
	{ "ip_address", "255.255.255.0", 0 },  /* a netmask */
	{ "ip_address", "192.0.2.15", 0 },  /* RFC 5737 */
	{ "ip_address", "198.51.100.7", 0 },
	{ "ip_address", "203.0.113.9", 0 },
	{ "ip_address", "010.1.2.3", 0 },  /* leading zero */
	{ "ip_address", "10.01.2.3", 0 },
	{ "ip_address", "256.1.2.3", 0 },
	{ "ip_address", "1.2.3", 0 },
	{ "ip_address", "1.2.3.4.5", 0 },
	{ "ip_address", "10.23.145.7..", 0 },
	{ "ip_address", "10.23.145.", 0 },
	/* ip_address: IPv6 */
	{ "ip_address", "fe80::1", 1 },
	{ "ip_address", "FE80::1", 1 },
	{ "ip_address", "fd12:3456:789a:1::2c", 1 },
	{ "ip_address", "fd12:3456:789a:1::2c.", 1 },
	{ "ip_address", "1:2:3:4:5:6:7:8", 1 },
	{ "ip_address", "1:2:3:4:5:6:7::", 1 },  /* :: for one group */
	{ "ip_address", "::1:2:3:4:5:6:7", 1 },
	{ "ip_address", "2001:db9::7", 1 },
	{ "ip_address", "2001:0db8:0000:0000:0000:0000:0000:0007", 0 },  /* RFC 3849 */
	{ "ip_address", "2001:db8::7", 0 },
	{ "ip_address", "::ffff:10.1.2.3", 1 },
	{ "ip_address", "::ffff:127.0.0.1", 1 },  /* the host rules are IPv4's */
	{ "ip_address", "1:2:3:4:5:6:10.1.2.3", 1 },
	{ "ip_address", "::1", 0 },
	{ "ip_address", "::", 0 },
	{ "ip_address", "::2", 0 },  /* one group written */
	{ "ip_address", "a::", 0 },
	{ "ip_address", "A::BB", 0 },  /* C++, no digit */
	{ "ip_address", "dead::beef", 0 },
	{ "ip_address", "dead::be3f", 1 },
	{ "ip_address", "a:b:c:d:e:f:a:b", 0 },
	{ "ip_address", "a:b:c:d:e:f:a:1", 1 },
	{ "ip_address", "ff02::fb", 0 },  /* multicast */
	{ "ip_address", "1:2:3:4:5:6:7:8:9", 0 },
	{ "ip_address", "1:2:3:4:5:6:7", 0 },
	{ "ip_address", "1::2::3", 0 },
	{ "ip_address", ":::1", 0 },
	{ "ip_address", "1:::2", 0 },
	{ "ip_address", ":1:2:3:4:5:6:7", 0 },
	{ "ip_address", "1:2:3:4:5:6:7:", 0 },
	{ "ip_address", "12345::1", 0 },
	{ "ip_address", "g::1", 0 },
	{ "ip_address", "::ffff:010.1.2.3", 0 },
	{ "ip_address", "1:2:3:4:5:6:7:10.1.2.3", 0 },  /* nine groups */
	{ "ip_address", "1.2.3.4::1", 0 },
	{ "ip_address", "fe80::1%eth0", 0 },  /* the zone is not part of it */

	/* mac_address */
	{ "mac_address", "3c:22:fb:91:0e:47", 1 },
	{ "mac_address", "3C-22-FB-91-0E-47", 1 },
	{ "mac_address", "3c22.fb91.0e47", 1 },
	{ "mac_address", "3c:22:fb:91:0e:47.", 1 },
	{ "mac_address", "02:00:00:00:00:01", 1 },  /* locally administered */
	{ "mac_address", "3c:22-fb:91:0e:47", 0 },  /* mixed separators */
	{ "mac_address", "3c.22.fb.91.0e.47", 0 },
	{ "mac_address", "ff:ff:ff:ff:ff:ff", 0 },  /* broadcast */
	{ "mac_address", "01:00:5e:00:00:fb", 0 },  /* multicast */
	{ "mac_address", "00:00:00:00:00:00", 0 },
	{ "mac_address", "3c:22:fb:91:0e", 0 },
	{ "mac_address", "3c:22:fb:91:0e:47:11", 0 },
	{ "mac_address", "3c:22:fb:91:0e:4g", 0 },
	{ "mac_address", "3c2.2fb91.0e47", 0 },
	{ "mac_address", "3c:2:fb:91:0e:47a", 0 },

	/* imei: 15 digits, Luhn */
	{ "imei", "441196310413789", 1 },
	{ "imei", "44-119631-041378-9", 1 },
	{ "imei", "441196 31 041378 9", 1 },
	{ "imei", "326444274739397", 1 },
	{ "imei", "441196310413788", 0 },
	{ "imei", "000000000000000", 0 },  /* Luhn passes; stdnum differs */
	{ "imei", "44119631041378", 0 },  /* 14 (no check digit); stdnum differs */
	{ "imei", "4411963104137890", 0 },  /* 16 (IMEISV); stdnum differs */
	{ "imei", "44119631041378A", 0 },
	{ "imei", "44.119631.041378.9", 0 },
};

/* Every validator of the table has tests above: a new one without them
 * fails here. */
static void check_coverage(void)
{
	for (const struct trawl_validator *v = trawl_validators_macie; v->name; v++) {
		int valid, invalid;
		vt_count(cases, sizeof cases / sizeof cases[0], v->name, &valid,
			 &invalid);
		T_CHECK(valid >= 2 && invalid >= 3,
			"%s has tests (%d valid, %d invalid)", v->name, valid,
			invalid);
	}
}

int main(void)
{
	vt_check_cases(cases, sizeof cases / sizeof cases[0]);
	check_coverage();

	/* The validators never read past the span: the same value followed
	 * by characters that would make it valid (or invalid) gives the
	 * verdict of the span alone. */
	static const struct vcase prefix[] = {
		{ "ip_address", "10.23.145.7", 1 },   /* of "10.23.145.77" */
		{ "mac_address", "3c:22:fb:91:0e:4", 0 }, /* of "...:47" */
		{ "card_cvv", "38", 0 },               /* of "382" */
		{ "gs1_udi", "(01)7373675848475", 0 }, /* of "...50" */
	};
	static const char *const whole[] = { "10.23.145.77", "3c:22:fb:91:0e:47",
					     "382", "(01)73736758484750" };
	for (size_t i = 0; i < sizeof prefix / sizeof prefix[0]; i++) {
		const struct trawl_validator *v = trawl_validator_find(prefix[i].name);
		size_t n = strlen(prefix[i].value);
		T_CHECK(v && (v->fn(whole[i], n) ? 1 : 0) == prefix[i].valid,
			"%s reads only its span (%zu of \"%s\")", prefix[i].name, n,
			whole[i]);
	}
	return t_done();
}
