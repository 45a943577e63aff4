/* fuzz_auth.c - libFuzzer target for registry auth: the input, as a
 * NUL-terminated string, is a WWW-Authenticate header, a config.json looked
 * up for "docker.io" and "127.0.0.1:5000", a config.json key and base64
 * text; its bytes also round-trip through base64. VIGIL_NO_CRED_HELPERS=1
 * is set first, so a credsStore or credHelpers entry is an error and no
 * docker-credential-* program is ever run. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "registry/auth.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (setenv("VIGIL_NO_CRED_HELPERS", "1", 1) != 0)
		abort();
	return 0;
}

static void fuzz_challenge(const char *s)
{
	struct auth_challenge c;
	struct vg_err err = { VG_OK, "" };

	if (auth_challenge_parse(s, &c, &err) != 0) {
		if (!err.msg[0] || c.realm || c.service || c.scope || c.error)
			abort();
		return;
	}
	if (c.scheme != AUTH_NONE && c.scheme != AUTH_BASIC && c.scheme != AUTH_BEARER)
		abort();
	auth_challenge_free(&c);
}

static void fuzz_config(const char *json, size_t len, const char *host)
{
	struct registry_creds c;
	struct vg_err err = { VG_OK, "" };
	int rc = docker_config_parse("fuzz.json", json, len, host, &c, &err);

	if (rc < 0 && (!err.msg[0] || c.username || c.password || c.identity_token || c.source))
		abort();
	if (rc == 1 && (!c.source || (!c.username && !c.password && !c.identity_token)))
		abort();
	if (rc == 0 && c.source)
		abort();
	registry_creds_free(&c);
}

static void fuzz_base64(const uint8_t *data, size_t size, const char *s)
{
	char *enc = base64_encode(data, size), *dec;
	size_t n = 0;

	if (!enc)
		abort();
	dec = base64_decode(enc, &n);
	if (!dec || n != size || memcmp(dec, data, size) != 0)
		abort();
	free(dec);
	free(enc);
	if ((dec = base64_decode(s, &n))) {
		if (n > strlen(s) || dec[n] != '\0')
			abort();
		free(dec);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	fuzz_challenge(s);
	fuzz_config(s, size, "docker.io");
	fuzz_config(s, size, "127.0.0.1:5000");
	(void)docker_config_key_matches(s, "docker.io");
	(void)docker_config_key_matches(s, "127.0.0.1:5000");
	fuzz_base64(data, size, s);
	free(s);
	return 0;
}
