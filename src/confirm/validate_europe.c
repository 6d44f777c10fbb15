/*
 * validate_europe.c - validators: national identification and tax numbers of EU/EEA countries, the UK and Switzerland (issue 5, part 2).
 */
#include "confirm/validate.h"
#include "confirm/validate_util.h"

const struct trawl_validator trawl_validators_europe[] = {
	{ NULL, NULL, NULL },
};
