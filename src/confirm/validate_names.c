/*
 * validate_names.c - validators: personal names and postal addresses
 * (issue 5, part 1: NAME, ADDRESS).
 */
#include "confirm/validate.h"
#include "confirm/validate_util.h"

const struct trawl_validator trawl_validators_names[] = {
	{ NULL, NULL, NULL },
};
