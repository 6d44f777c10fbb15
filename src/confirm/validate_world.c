/*
 * validate_world.c - validators: personal numbers outside Europe, passports, driver's licences, phone numbers, dates, vehicles (issue 5, part 1).
 */
#include "confirm/validate.h"
#include "confirm/validate_util.h"

const struct trawl_validator trawl_validators_world[] = {
	{ NULL, NULL, NULL },
};
