/*
 * aws.h - where requests go and what signs them, resolved the way the AWS
 * CLI does.
 *
 * Credentials, first found wins:
 *   1. AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN);
 *   2. the profile (--profile, else AWS_PROFILE, else "default") in the
 *      shared credentials file (AWS_SHARED_CREDENTIALS_FILE, else
 *      ~/.aws/credentials), then in the config file (AWS_CONFIG_FILE, else
 *      ~/.aws/config, section "[profile NAME]" or "[default]");
 *   3. the ECS container endpoint: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
 *      (on http://169.254.170.2) or AWS_CONTAINER_CREDENTIALS_FULL_URI, with
 *      AWS_CONTAINER_AUTHORIZATION_TOKEN (or _FILE) as Authorization;
 *   4. the instance role through IMDSv2 (a PUT for a session token, then
 *      the role's credentials), unless AWS_EC2_METADATA_DISABLED=true;
 *      AWS_EC2_METADATA_SERVICE_ENDPOINT moves it off 169.254.169.254.
 * A profile that names no keys, and nothing found at all, are errors
 * (unless --no-sign-request). Region: --region, AWS_REGION,
 * AWS_DEFAULT_REGION, the profile's "region", else us-east-1 (a bucket's
 * own region is learnt from its responses). Endpoint: --endpoint-url,
 * AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, the profile's "endpoint_url",
 * else AWS's regional endpoint.
 *
 * Secrets live only here and in signed requests: never logged or printed.
 */
#ifndef TRAWL_SOURCE_AWS_H
#define TRAWL_SOURCE_AWS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct trawl_aws_options {      /* from the command line; NULL: not given */
	const char *profile;
	const char *region;
	const char *endpoint_url;
	bool no_sign;
};

struct trawl_aws {
	char *access_key, *secret_key, *session_token;
	char *region;
	char *endpoint;          /* custom endpoint ("http://127.0.0.1:9000"),
				  * no trailing '/'; NULL: AWS */
	const char *source;      /* where the credentials came from (static):
				  * "environment", "shared-credentials-file",
				  * "config-file", "container", "imds", "none" */
	bool no_sign;
	time_t expiration;       /* temporary credentials; 0: none */
};

/* Resolves *a. Returns 0, or -1 with a message in err (never a secret). */
int trawl_aws_resolve(struct trawl_aws *a, const struct trawl_aws_options *o,
		      char *err, size_t errlen);
void trawl_aws_release(struct trawl_aws *a);

#endif
