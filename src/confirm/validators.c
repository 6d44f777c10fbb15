/*
 * validators.c - the registry of validators that identifier files name.
 *
 * Each function's comment (in validate_*.c) says which written forms and
 * separators it accepts. tests/unit/test_validators.c covers all of them;
 * tests/p1000-stdnum-oracle.py compares those python-stdnum implements.
 */
#include "confirm/validate.h"
#include "confirm/validate_util.h"

#include <string.h>

const struct trawl_validator trawl_validators[] = {
	{ "luhn", tv_luhn_plain, "Luhn mod 10 check digit over 2+ digits" },
	{ "luhn_card", tv_luhn_card,
	  "payment card number: issuer prefix and length, Luhn" },
	{ "iban", tv_iban,
	  "IBAN: country BBAN format, mod 97, national checks" },
	{ "us_ssn", tv_us_ssn, "US Social Security Number (unissued ranges)" },
	{ "uk_nino", tv_uk_nino, "UK National Insurance number" },
	{ "uk_nhs", tv_uk_nhs, "UK NHS number, mod 11" },
	{ "de_idnr", tv_de_idnr, "German tax id (Steuer-IdNr), mod 11,10" },
	{ "fr_nir", tv_fr_nir, "French NIR (social security number), mod 97" },
	{ "it_cf", tv_it_cf, "Italian codice fiscale of a person" },
	{ "es_dni", tv_es_dni, "Spanish DNI, check letter" },
	{ "es_nie", tv_es_nie, "Spanish NIE (foreigner number), check letter" },
	{ "br_cpf", tv_br_cpf, "Brazilian CPF, two mod 11 check digits" },
	{ "br_cnpj", tv_br_cnpj, "Brazilian CNPJ, two mod 11 check digits" },
	{ "ca_sin", tv_ca_sin, "Canadian Social Insurance Number, Luhn" },
	{ "in_aadhaar", tv_in_aadhaar, "Indian Aadhaar number, Verhoeff" },
	{ "in_pan", tv_in_pan, "Indian Permanent Account Number (format)" },
	{ "nl_bsn", tv_nl_bsn, "Dutch BSN, eleven test" },
	{ "pl_pesel", tv_pl_pesel, "Polish PESEL, birth date and check digit" },
	{ "se_pnr", tv_se_pnr, "Swedish personnummer, birth date and Luhn" },
	{ "fi_hetu", tv_fi_hetu, "Finnish HETU, birth date and check mark" },
	{ "dk_cpr", tv_dk_cpr, "Danish CPR number, birth date not in future" },
	{ "be_nn", tv_be_nn, "Belgian national number, mod 97" },
	{ "email", tv_email, "e-mail address structure" },
	{ "jwt", tv_jwt, "JSON Web Token: base64url JOSE header and payload" },
	{ "aws_secret", tv_aws_secret,
	  "AWS secret access key: 40 base64 characters, both letter cases" },
	{ NULL, NULL, NULL },
};

const struct trawl_validator *const trawl_validator_tables[] = {
	trawl_validators, trawl_validators_europe, trawl_validators_macie,
	trawl_validators_world, trawl_validators_names, NULL,
};

const struct trawl_validator *trawl_validator_find(const char *name)
{
	if (!name)
		return NULL;
	for (const struct trawl_validator *const *t = trawl_validator_tables; *t; t++)
		for (const struct trawl_validator *v = *t; v->name; v++)
			if (strcmp(v->name, name) == 0)
				return v;
	return NULL;
}
