/*
 * validate_macie.c - validators: Macie's managed identifiers not covered elsewhere: financial, health, credentials, network (issue 5, part 1).
 */
#include "confirm/validate.h"
#include "confirm/validate_util.h"

const struct trawl_validator trawl_validators_macie[] = {
	{ NULL, NULL, NULL },
};
