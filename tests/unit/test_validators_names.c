/*
 * test_validators_names.c - unit tests for person_name and postal_address
 * (src/confirm/validate_names.c).
 *
 * The spans are what the NAME and ADDRESS patterns hand over. Names are
 * dictionary words put together, streets are invented; towns and postal
 * codes only have the right form. tests/p1040-name-address.py measures the
 * same validators on Faker-generated text through the whole scanner.
 */
#include "vtest.h"

#include <string.h>

static const struct vcase cases[] = {
	/* person_name: given name + surname, both orders. */
	{ "person_name", "Jane Doe", 1 },
	{ "person_name", "Doe, Jane", 1 },
	{ "person_name", "Marta Kowalczyk", 1 },
	{ "person_name", "Hans-Peter M\xc3\xbcller", 1 },     /* hyphenated, UTF-8 */
	{ "person_name", "Hans-Peter Mueller", 1 },           /* German folding */
	{ "person_name", "Thomas R. Fitzgerald", 1 },         /* middle initial */
	{ "person_name", "Jan van der Berg", 1 },             /* particles, weak surname */
	{ "person_name", "Michal Wojcik", 1 },                /* ASCII-folded */
	{ "person_name", "W\xc3\xb3jcik, Micha\xc5\x82)", 1 }, /* byte after a UTF-8 end */
	{ "person_name", "W\xc3\xb3jcik, Micha\xc5\x82", 1 },
	{ "person_name", "\xc3\x89milie N\xc3\xba\xc3\xb1" "ez", 1 },
	{ "person_name", "Grace Kelly", 1 },                  /* weak given, strong surname */
	{ "person_name", "Jennifer Brown", 1 },               /* strong given, weak surname */
	{ "person_name", "Hunter Green", 0 },                 /* both weak */
	{ "person_name", "Brown, Jennifer", 0 },              /* reversed: no weak word */
	{ "person_name", "Will Long", 0 },                    /* dropped words */
	{ "person_name", "May North", 0 },
	{ "person_name", "Dear Sir", 0 },
	{ "person_name", "New York", 0 },
	{ "person_name", "Free Software", 0 },
	{ "person_name", "Jane Xyzzyq", 0 },                  /* not a surname */
	{ "person_name", "Xyzzyq Doe", 0 },                   /* not a given name */
	{ "person_name", "Jane-Xyzzyq Doe", 0 },              /* a hyphen part unknown */
	{ "person_name", "jane doe", 0 },                     /* case as written */
	{ "person_name", "JANE DOE", 0 },
	{ "person_name", "Jane", 0 },
	{ "person_name", "Doe,Jane", 0 },
	{ "person_name", "Doe, Jane Anne", 0 },
	{ "person_name", "", 0 },
	{ "person_name", "Jane Doeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"
			 "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", 0 },

	/* postal_address, US: state abbreviation and ZIP. */
	{ "postal_address", "1847 Quillfeather Lane, Apt 4B, Madison, WI 53703", 1 },
	{ "postal_address", "1847 Quillfeather Lane\nMadison, WI 53703-1234", 1 },
	{ "postal_address", "1847 Quillfeather Ln Madison WI 53703", 1 },
	{ "postal_address", "1847 Quillfeather Lane, Madison, ZZ 53703", 0 },
	{ "postal_address", "1847 Quillfeather Lane, Madison, WI 00000", 0 },
	{ "postal_address", "1847 Quillfeather Meadowsweet, Madison, WI 53703", 0 },
	/* Canada: letters, and the province of the first letter. */
	{ "postal_address", "350 Maplewood Crescent, Toronto, ON M5V 2T6", 1 },
	{ "postal_address", "350 Maplewood Crescent, Toronto, ON M5V2T6", 1 },
	{ "postal_address", "350 Maplewood Crescent, Montreal (Qu\xc3\xa9" "bec) H2X 1K4", 1 },
	{ "postal_address", "350 Maplewood Crescent, Toronto, QC M5V 2T6", 0 },
	{ "postal_address", "350 Maplewood Crescent, Toronto, ON D5V 2T6", 0 },
	{ "postal_address", "350 Maplewood Crescent, Toronto, ON M5V 2O6", 0 },
	{ "postal_address", "350 Maplewood Crescent, Whitehorse W1A 1A1", 0 },
	/* Australia: state and postcode range. */
	{ "postal_address", "88 Wattlebird Street, Sydney NSW 2000", 1 },
	{ "postal_address", "Unit 4, 88 Wattlebird Street, Sydney, NSW, 2000", 1 },
	{ "postal_address", "12 Banksia Close, Canberra ACT 2600", 1 },
	{ "postal_address", "12 Banksia Close, Melbourne Vic 3000", 1 },
	{ "postal_address", "88 Wattlebird Street, Sydney NSW 3000", 0 },
	{ "postal_address", "12 Banksia Close, Canberra ACT 2923", 0 },
	{ "postal_address", "12 Banksia Close, Darwin NT 7000", 0 },
	/* UK: Royal Mail's postcode rules. */
	{ "postal_address", "27 Marlowbrook Road, Leeds LS6 2QT", 1 },
	{ "postal_address", "27 Marlowbrook Road\nHeadingley\nLeeds\nLS6 2QT", 1 },
	{ "postal_address", "Flat 3, 9 Quillon Mews, London SW1A 2AA", 1 },
	{ "postal_address", "9 Quillon Mews, London SW1A2AA", 1 },
	{ "postal_address", "9 Quillon Mews, London W1A 0AX", 1 },
	{ "postal_address", "9 Quillon Mews, London EC1A 1BB", 1 },
	{ "postal_address", "27 Marlowbrook Road, Leeds QV6 2QT", 0 },  /* Q first */
	{ "postal_address", "27 Marlowbrook Road, Leeds LS6 2CT", 0 },  /* C inward */
	{ "postal_address", "9 Quillon Mews, London W1I 0AX", 0 },      /* I third */
	{ "postal_address", "9 Quillon Mews, London IJ6 2QT", 0 },      /* J second */
	{ "postal_address", "27 Marlowbrook, Leeds LS6 2QT", 0 },       /* no type */
	/* Germany. */
	{ "postal_address", "Lindenkampstra\xc3\x9f" "e 14, 10115 Berlin", 1 },
	{ "postal_address", "Berliner Str. 5a\n10115 Berlin", 1 },
	{ "postal_address", "Amselweg 3, D-80331 M\xc3\xbcnchen", 1 },
	{ "postal_address", "Lindenkampstra\xc3\x9f" "e 14, 00115 Berlin", 0 },
	{ "postal_address", "Lindenblatt 14, 10115 Berlin", 0 },
	/* France. */
	{ "postal_address", "18, rue des Tisserands, 69002 Lyon", 1 },
	{ "postal_address", "18 bis avenue Vaucanson\n75 002 PARIS", 1 },
	{ "postal_address", "4 chemin des Lauriers, 97411 Saint-Paul", 1 },
	{ "postal_address", "18, rue des Tisserands, 96002 Lyon", 0 },
	{ "postal_address", "18, rue des Tisserands, 00002 Lyon", 0 },
	/* Italy. */
	{ "postal_address", "Via Castelmirto 42, 20121 Milano (MI)", 1 },
	{ "postal_address", "Piazza dei Tessitori, 7, 00184 Roma", 1 },
	{ "postal_address", "Via Castelmirto 42, 99121 Milano", 0 },
	/* Spain. */
	{ "postal_address", "Calle de Valdefresno 7, 28013 Madrid", 1 },
	{ "postal_address", "C/ Valdefresno, 7, 3\xc2\xba B, 28013 Madrid", 1 },
	{ "postal_address", "Avenida de los Almendros 12 Piso 3\n41001 Sevilla", 1 },
	{ "postal_address", "Calle de Valdefresno 7, 68013 Madrid", 0 },
	/* Neither. */
	{ "postal_address", "Room 12 Building 5, Block 20121 Milano", 0 },
	{ "postal_address", "", 0 },
	{ "postal_address", "a b c", 0 },
};

int main(void)
{
	T_CHECK(trawl_validator_find("person_name") != NULL, "person_name is registered");
	T_CHECK(trawl_validator_find("postal_address") != NULL,
		"postal_address is registered");
	vt_check_cases(cases, sizeof(cases) / sizeof(cases[0]));

	/* More words than an address may have: rejected, not overrun. */
	char many[4096] = "1 ";
	for (int i = 0; i < 100; i++)
		strcat(many, "Oak ");
	strcat(many, "Lane, Madison, WI 53703");
	T_CHECK(vt_run("postal_address", many, strlen(many)) == 0,
		"postal_address rejects a span of more than 48 words");
	return t_done();
}
