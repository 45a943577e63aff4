/* test_auth.c - registry auth: WWW-Authenticate challenges, config.json key
 * matching and lookup, base64, and docker-credential-* helpers (shell
 * scripts in a temp directory put first on PATH; the hanging one is cut
 * short with VIGIL_CRED_HELPER_TIMEOUT_MS). */
#include "testutil.h"

#include <sys/stat.h>
#include <time.h>

#include "registry/auth.h"

#define HUB_CHALLENGE \
	"Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\"," \
	"scope=\"repository:library/alpine:pull\""

/* ---- challenges ---- */

static const struct {
	const char *in;
	enum auth_scheme scheme;
	const char *realm, *service, *scope, *error;
} good_challenges[] = {
	{ HUB_CHALLENGE, AUTH_BEARER, "https://auth.docker.io/token", "registry.docker.io",
	  "repository:library/alpine:pull", NULL },
	{ "Basic realm=\"Registry Realm\"", AUTH_BASIC, "Registry Realm", NULL, NULL, NULL },
	{ "Basic", AUTH_BASIC, NULL, NULL, NULL, NULL },
	{ "  basic  ", AUTH_BASIC, NULL, NULL, NULL, NULL },
	{ "BEARER REALM=\"r\", SerVice=s", AUTH_BEARER, "r", "s", NULL, NULL },
	{ "bEaReR realm = \"r\" ,\tservice =\"s\" , scope= \"a,b\"", AUTH_BEARER, "r", "s", "a,b", NULL },
	{ "Bearer scope=\"repository:a/b:pull,push repository:c:pull\"", AUTH_BEARER, NULL, NULL,
	  "repository:a/b:pull,push repository:c:pull", NULL },
	{ "Bearer realm=\"a\\\"b\\\\c\\d\"", AUTH_BEARER, "a\"b\\cd", NULL, NULL, NULL },
	{ "Bearer realm=\"\"", AUTH_BEARER, "", NULL, NULL, NULL },
	{ "Bearer realm=tok.en", AUTH_BEARER, "tok.en", NULL, NULL, NULL },
	{ "Bearer foo=bar, realm=\"r\", x-unknown=\"q,q\"", AUTH_BEARER, "r", NULL, NULL, NULL },
	{ "Bearer realm=\"r\",error=\"insufficient_scope\",scope=\"repository:x:push\"", AUTH_BEARER, "r", NULL,
	  "repository:x:push", "insufficient_scope" },
	{ "Bearer realm=\"r\",,, service=\"s\",", AUTH_BEARER, "r", "s", NULL, NULL },
	{ "Negotiate", AUTH_NONE, NULL, NULL, NULL, NULL },
	{ "Negotiate abc+/==", AUTH_NONE, NULL, NULL, NULL, NULL },
	{ "Negotiate abc==, Basic realm=\"b\"", AUTH_BASIC, "b", NULL, NULL, NULL },
	{ "Custom realm=\"c\", Bearer realm=\"r\", service=\"s\"", AUTH_BEARER, "r", "s", NULL, NULL },
	{ "Bearer realm=\"r\", Basic realm=\"b\"", AUTH_BEARER, "r", NULL, NULL, NULL },
};

static void expect_str(const char *what, const char *in, const char *got, const char *want)
{
	if (!want && !got)
		return;
	if (!want || !got || strcmp(got, want) != 0)
		fail_msg("%s: %s = %s, want %s", in, what, got ? got : "(null)", want ? want : "(null)");
}

static void test_challenge_good(void **state)
{
	(void)state;
	for (size_t i = 0; i < VG_ARRAY_LEN(good_challenges); i++) {
		struct auth_challenge c;
		struct vg_err err = { VG_OK, "" };
		const char *in = good_challenges[i].in;

		if (auth_challenge_parse(in, &c, &err) != 0)
			fail_msg("%s: %s", in, err.msg);
		if (c.scheme != good_challenges[i].scheme)
			fail_msg("%s: scheme %d, want %d", in, (int)c.scheme, (int)good_challenges[i].scheme);
		expect_str("realm", in, c.realm, good_challenges[i].realm);
		expect_str("service", in, c.service, good_challenges[i].service);
		expect_str("scope", in, c.scope, good_challenges[i].scope);
		expect_str("error", in, c.error, good_challenges[i].error);
		auth_challenge_free(&c);
		assert_null(c.realm);
	}
}

static const struct { const char *in, *why; } bad_challenges[] = {
	{ "", "empty" },
	{ "   ", "empty" },
	{ ",,", "empty" },
	{ "Bearer realm=\"https://auth", "unterminated" },
	{ "Bearer realm=\"x\\\"", "unterminated" },
	{ "Bearer realm", "missing '='" },
	{ "Bearer realm \"x\"", "missing '='" },
	{ "Basic abc==", "missing value" },
	{ "Bearer realm=", "missing value" },
	{ "Bearer realm=,service=s", "missing value" },
	{ "Bearer realm=\"a\" service=\"b\"", "expected ','" },
	{ "Bearer realm=tok.en/x", "expected ','" }, /* '/' is not a token character */
	{ "Bearer\"x\"", "space after" },
	{ "=x", "auth scheme" },
	{ "Bearer =x", "parameter name" },
	{ "Bearer realm=\"a\", realm=\"b\"", "duplicate" },
	{ "Bearer realm=\"a\x01\"", "control character" },
	{ "Negotiate abc def", "missing '='" },
};

static void test_challenge_bad(void **state)
{
	(void)state;
	for (size_t i = 0; i < VG_ARRAY_LEN(bad_challenges); i++) {
		struct auth_challenge c;
		struct vg_err err = { VG_OK, "" };
		const char *in = bad_challenges[i].in;

		if (auth_challenge_parse(in, &c, &err) == 0)
			fail_msg("\"%s\" was accepted", in);
		assert_int_equal(err.code, VG_EFORMAT);
		if (!strstr(err.msg, "WWW-Authenticate") || !strstr(err.msg, bad_challenges[i].why))
			fail_msg("\"%s\": message \"%s\" does not say \"%s\"", in, err.msg, bad_challenges[i].why);
		assert_null(c.realm);
		assert_null(c.service);
	}
}

static void test_challenge_limits(void **state)
{
	struct auth_challenge c;
	struct vg_err err = { VG_OK, "" };
	char *big = malloc(9000);

	(void)state;
	assert_non_null(big);
	/* a long malformed header is quoted only in part */
	memset(big, 'a', 8999);
	big[8999] = '\0';
	memcpy(big, "Bearer realm=\"", 14);
	memcpy(big + 8000, "END", 3);
	big[8100] = '\0';
	assert_int_equal(auth_challenge_parse(big, &c, &err), -1);
	assert_int_equal(err.code, VG_EFORMAT);
	assert_non_null(strstr(err.msg, "unterminated"));
	assert_null(strstr(err.msg, "END"));
	assert_true(strlen(err.msg) < 400);
	assert_non_null(strstr(err.msg, "...\""));
	/* 8 KiB is accepted, one more byte is a limit */
	memset(big, 'a', 8999);
	memcpy(big, "Bearer x=", 9);
	big[8192] = '\0';
	assert_int_equal(auth_challenge_parse(big, &c, &err), 0);
	auth_challenge_free(&c);
	big[8192] = 'a';
	big[8193] = '\0';
	assert_int_equal(auth_challenge_parse(big, &c, &err), -1);
	assert_int_equal(err.code, VG_ELIMIT);
	assert_int_equal(auth_challenge_parse(NULL, &c, &err), -1);
	free(big);
}

/* ---- config.json keys ---- */

static const struct { const char *key, *host; bool match; } keys[] = {
	{ "127.0.0.1:5000", "127.0.0.1:5000", true },
	{ "https://127.0.0.1:5000", "127.0.0.1:5000", true },
	{ "http://127.0.0.1:5000", "127.0.0.1:5000", true },
	{ "https://127.0.0.1:5000/v2/", "127.0.0.1:5000", true },
	{ "127.0.0.1:5000/v1/", "127.0.0.1:5000", true },
	{ "127.0.0.1:50001", "127.0.0.1:5000", false },
	{ "127.0.0.1", "127.0.0.1:5000", false },
	{ "127.0.0.1:5000", "127.0.0.1", false },
	{ "ghcr.io", "ghcr.io", true },
	{ "GHCR.IO", "ghcr.io", true },
	{ "HTTPS://Ghcr.Io/", "ghcr.io", true },
	{ "ghcr.io2", "ghcr.io", false },
	{ "ghcr.io", "ghcr.io2", false },
	{ "xghcr.io", "ghcr.io", false },
	{ "ftp://ghcr.io", "ghcr.io", false },
	{ "https://", "ghcr.io", false },
	{ "", "ghcr.io", false },
	{ "ghcr.io", "", false },
	{ "https://index.docker.io/v1/", "docker.io", true },
	{ "index.docker.io", "docker.io", true },
	{ "registry-1.docker.io", "docker.io", true },
	{ "docker.io", "docker.io", true },
	{ "https://index.docker.io/v1/", "index.docker.io", true },
	{ "https://index.docker.io/v1/", "ghcr.io", false },
	{ "docker.io", "quay.io", false },
	{ "index.docker.io.evil", "docker.io", false },
};

static void test_key_matches(void **state)
{
	(void)state;
	for (size_t i = 0; i < VG_ARRAY_LEN(keys); i++)
		if (docker_config_key_matches(keys[i].key, keys[i].host) != keys[i].match)
			fail_msg("key \"%s\" host \"%s\": want %s", keys[i].key, keys[i].host,
				 keys[i].match ? "match" : "no match");
	assert_false(docker_config_key_matches(NULL, "x"));
	assert_false(docker_config_key_matches("x", NULL));
}

/* ---- base64 ---- */

static const struct { const char *plain, *b64; } b64_vectors[] = {
	{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" }, { "foob", "Zm9vYg==" },
	{ "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" }, { "user:pa:ss", "dXNlcjpwYTpzcw==" },
};

static void test_base64(void **state)
{
	static const char *const invalid[] = { "Zg=", "Zg", "Z===", "====", "Zg=a", "Zm9v!A==", "Zm 9v", "Zm9v\n",
					       "=Zm9" };
	const unsigned char bin[] = { 0, 0xff, 0x10, 0x80, 0 };
	size_t len;
	char *s, *d;

	(void)state;
	for (size_t i = 0; i < VG_ARRAY_LEN(b64_vectors); i++) {
		s = base64_encode(b64_vectors[i].plain, strlen(b64_vectors[i].plain));
		assert_string_equal(s, b64_vectors[i].b64);
		free(s);
		d = base64_decode(b64_vectors[i].b64, &len);
		assert_non_null(d);
		assert_int_equal(len, strlen(b64_vectors[i].plain));
		assert_memory_equal(d, b64_vectors[i].plain, len);
		assert_int_equal(d[len], '\0');
		free(d);
	}
	for (size_t i = 0; i < VG_ARRAY_LEN(invalid); i++)
		if ((d = base64_decode(invalid[i], &len)))
			fail_msg("\"%s\" decoded", invalid[i]);
	s = base64_encode(bin, sizeof(bin));
	d = base64_decode(s, &len);
	assert_int_equal(len, sizeof(bin));
	assert_memory_equal(d, bin, sizeof(bin));
	free(s);
	free(d);
}

/* ---- config.json in memory ---- */

/* base64("alice:pa:ss:word") and base64("bob:hunter2") */
#define AUTH_ALICE "YWxpY2U6cGE6c3M6d29yZA=="
#define AUTH_BOB "Ym9iOmh1bnRlcjI="

static const char config_auths[] =
	"{\"auths\": {"
	"  \"https://index.docker.io/v1/\": {\"auth\": \"" AUTH_BOB "\"},"
	"  \"127.0.0.1:5000\": {\"auth\": \"" AUTH_ALICE "\"},"
	"  \"https://ghcr.io\": {\"username\": \"carol\", \"password\": \"c-secret\"},"
	"  \"quay.io\": {\"identitytoken\": \"id-token-1\"},"
	"  \"empty.example\": {},"
	"  \"127.0.0.1:5001\": {\"auth\": \"" AUTH_BOB "\"}"
	"}}";

static const struct {
	const char *host;
	int rc;
	const char *user, *pass, *token;
} config_cases[] = {
	{ "docker.io", 1, "bob", "hunter2", NULL },
	{ "index.docker.io", 1, "bob", "hunter2", NULL },
	{ "127.0.0.1:5000", 1, "alice", "pa:ss:word", NULL },
	{ "127.0.0.1:5001", 1, "bob", "hunter2", NULL },
	{ "ghcr.io", 1, "carol", "c-secret", NULL },
	{ "GHCR.io", 1, "carol", "c-secret", NULL },
	{ "quay.io", 1, NULL, NULL, "id-token-1" },
	{ "empty.example", 0, NULL, NULL, NULL },
	{ "127.0.0.1", 0, NULL, NULL, NULL },
	{ "127.0.0.1:50001", 0, NULL, NULL, NULL },
	{ "unrelated.example", 0, NULL, NULL, NULL },
};

static void test_config_auths(void **state)
{
	(void)state;
	for (size_t i = 0; i < VG_ARRAY_LEN(config_cases); i++) {
		struct registry_creds c;
		struct vg_err err = { VG_OK, "" };
		int rc = docker_config_parse("mem.json", config_auths, strlen(config_auths), config_cases[i].host, &c,
					     &err);

		if (rc != config_cases[i].rc)
			fail_msg("%s: rc %d, want %d (%s)", config_cases[i].host, rc, config_cases[i].rc, err.msg);
		expect_str("username", config_cases[i].host, c.username, config_cases[i].user);
		expect_str("password", config_cases[i].host, c.password, config_cases[i].pass);
		expect_str("identity_token", config_cases[i].host, c.identity_token, config_cases[i].token);
		if (rc == 1)
			assert_string_equal(c.source, "mem.json (auths)");
		else
			assert_null(c.source);
		registry_creds_free(&c);
		assert_null(c.username);
		assert_null(c.password);
	}
}

/* "auth" wins over username/password; the identity token comes along; an exact key beats other forms. */
static void test_config_precedence(void **state)
{
	static const char json[] =
		"{\"auths\": {"
		"\"https://r.example/v2/\": {\"username\": \"other\", \"password\": \"o\"},"
		"\"r.example\": {\"auth\": \"" AUTH_BOB "\", \"username\": \"x\", \"password\": \"y\","
		" \"identitytoken\": \"tok\"}}}";
	struct registry_creds c;
	struct vg_err err = { VG_OK, "" };

	(void)state;
	assert_int_equal(docker_config_parse("p.json", json, strlen(json), "r.example", &c, &err), 1);
	assert_string_equal(c.username, "bob");
	assert_string_equal(c.password, "hunter2");
	assert_string_equal(c.identity_token, "tok");
	registry_creds_free(&c);
}

static const struct { const char *json, *what, *secret; } bad_configs[] = {
	{ "[1, 2]", "not a JSON object", NULL },
	{ "\"x\"", "not a JSON object", NULL },
	{ "{\"auths\": {\"r.example\": {\"auth\": \"c2VjcmV0\"", "invalid JSON", "c2VjcmV0" },
	{ "{\"auths\": {\"r.example\": {\"auth\": sup3rsecret}}}", "invalid JSON", "sup3rsecret" },
	{ "{\"auths\": {\"r.example\": {\"auth\": \"sup3r$ecret!!\"}}}", "not valid base64", "sup3r$ecret" },
	{ "{\"auths\": {\"r.example\": {\"auth\": \"c3VwM3JzZWNyZXQ=\"}}}", "user:password", "c3VwM3JzZWNyZXQ" },
	{ "{\"auths\": {\"r.example\": {\"auth\": \"OnB3\"}}}", "user:password", "OnB3" },
	{ "{\"auths\": {\"r.example\": {\"auth\": 12}}}", "\"auth\" is not a string", NULL },
	{ "{\"auths\": {\"r.example\": {\"password\": [\"sup3rsecret\"]}}}", "not a string", "sup3rsecret" },
	{ "{\"auths\": {\"r.example\": \"sup3rsecret\"}}", "is not an object", "sup3rsecret" },
	{ "{\"auths\": [\"sup3rsecret\"]}", "\"auths\" is not an object", "sup3rsecret" },
	{ "{\"credsStore\": 5}", "\"credsStore\" is not a string", NULL },
	{ "{\"credHelpers\": {\"r.example\": 5}}", "credHelpers", NULL },
	{ "{\"credHelpers\": {\"r.example\": \"bad/name\"}}", "invalid credential helper name", NULL },
};

static void test_config_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < VG_ARRAY_LEN(bad_configs); i++) {
		struct registry_creds c;
		struct vg_err err = { VG_OK, "" };
		const char *json = bad_configs[i].json;

		if (docker_config_parse("/cfg/config.json", json, strlen(json), "r.example", &c, &err) != -1)
			fail_msg("%s: accepted", json);
		if (!strstr(err.msg, "/cfg/config.json") || !strstr(err.msg, bad_configs[i].what))
			fail_msg("%s: message \"%s\" lacks the file or \"%s\"", json, err.msg, bad_configs[i].what);
		if (bad_configs[i].secret && strstr(err.msg, bad_configs[i].secret))
			fail_msg("%s: message \"%s\" shows the secret", json, err.msg);
		if (strstr(json, "r.example\": {\"auth\": \"") && !strstr(bad_configs[i].what, "JSON") &&
		    !strstr(err.msg, "r.example"))
			fail_msg("%s: message \"%s\" does not name the key", json, err.msg);
		assert_null(c.username);
		assert_null(c.password);
		assert_null(c.source);
	}
}

/* ---- credential helpers ---- */

static char helper_dir[4096];
static char *saved_path;

static const char helper_script[] =
	"#!/bin/sh\n"
	"[ \"$1\" = get ] || exit 2\n"
	"read -r url\n"
	"case \"$url\" in\n"
	"https://index.docker.io/v1/) echo '{\"ServerURL\":\"https://index.docker.io/v1/\","
	"\"Username\":\"hubuser\",\"Secret\":\"hubsecret\"}' ;;\n"
	"127.0.0.1:5000) echo '{\"ServerURL\":\"127.0.0.1:5000\",\"Username\":\"<token>\",\"Secret\":\"tok123\"}' ;;\n"
	"fail.example) echo 'helper-secret-output'; exit 3 ;;\n"
	"garbage.example) echo 'not json helper-secret-output' ;;\n"
	"*) echo 'credentials not found in native keychain'; exit 1 ;;\n"
	"esac\n";

static const struct { const char *name, *text; } helpers[] = {
	{ "docker-credential-vigiltest", helper_script },
	{ "docker-credential-vigilhang", "#!/bin/sh\nexec sleep 30\n" },
	/* closes stdin at once: the URL write may meet EPIPE, which must not kill us */
	{ "docker-credential-vigilnoread", "#!/bin/sh\nexec 0<&-\nsleep 0.1\n"
					   "echo '{\"Username\":\"n\",\"Secret\":\"s\"}'\n" },
	{ "docker-credential-vigilnoexec", "#!/bin/sh\necho never\n" }, /* left without x bit */
};

static void helper_path(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/%s", helper_dir, name);
}

static int helpers_setup(void **state)
{
	const char *tmp = getenv("TMPDIR"), *path = getenv("PATH");
	char newpath[8192];

	(void)state;
	snprintf(helper_dir, sizeof(helper_dir), "%s/vigil-auth.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(helper_dir))
		return -1;
	for (size_t i = 0; i < VG_ARRAY_LEN(helpers); i++) {
		char p[4200];
		FILE *f;

		helper_path(p, sizeof(p), helpers[i].name);
		if (!(f = fopen(p, "w")))
			return -1;
		fputs(helpers[i].text, f);
		fclose(f);
		if (!strstr(helpers[i].name, "noexec") && chmod(p, 0755) != 0)
			return -1;
	}
	saved_path = path ? strdup(path) : NULL;
	snprintf(newpath, sizeof(newpath), "%s:%s", helper_dir, path ? path : "/usr/bin:/bin");
	setenv("PATH", newpath, 1);
	unsetenv("VIGIL_NO_CRED_HELPERS");
	unsetenv("VIGIL_CRED_HELPER_TIMEOUT_MS");
	return 0;
}

static int helpers_teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < VG_ARRAY_LEN(helpers); i++) {
		char p[4200];

		helper_path(p, sizeof(p), helpers[i].name);
		unlink(p);
	}
	rmdir(helper_dir);
	if (saved_path)
		setenv("PATH", saved_path, 1);
	free(saved_path);
	saved_path = NULL;
	return 0;
}

static void test_helper_direct(void **state)
{
	struct registry_creds c;
	struct vg_err err = { VG_OK, "" };

	(void)state;
	assert_int_equal(credential_helper_get("vigiltest", "https://index.docker.io/v1/", &c, &err), 1);
	assert_string_equal(c.username, "hubuser");
	assert_string_equal(c.password, "hubsecret");
	assert_null(c.identity_token);
	assert_string_equal(c.source, "docker-credential-vigiltest");
	registry_creds_free(&c);

	assert_int_equal(credential_helper_get("vigiltest", "127.0.0.1:5000", &c, &err), 1);
	assert_null(c.username);
	assert_null(c.password);
	assert_string_equal(c.identity_token, "tok123");
	registry_creds_free(&c);

	assert_int_equal(credential_helper_get("vigiltest", "elsewhere.example", &c, &err), 0);
	assert_null(c.source);

	assert_int_equal(credential_helper_get("vigiltest", "fail.example", &c, &err), -1);
	assert_non_null(strstr(err.msg, "docker-credential-vigiltest: exited with status 3"));
	assert_null(strstr(err.msg, "helper-secret-output"));

	assert_int_equal(credential_helper_get("vigiltest", "garbage.example", &c, &err), -1);
	assert_int_equal(err.code, VG_EFORMAT);
	assert_null(strstr(err.msg, "helper-secret-output"));

	assert_int_equal(credential_helper_get("vigilnoread", "x.example", &c, &err), 1);
	assert_string_equal(c.username, "n");
	registry_creds_free(&c);
}

static void test_helper_failures(void **state)
{
	struct registry_creds c;
	struct vg_err err = { VG_OK, "" };
	struct timespec t0, t1;
	double secs;

	(void)state;
	assert_int_equal(credential_helper_get("vigilmissing", "r.example", &c, &err), -1);
	assert_non_null(strstr(err.msg, "docker-credential-vigilmissing: not found"));
	assert_int_equal(credential_helper_get("vigilnoexec", "r.example", &c, &err), -1);
	assert_non_null(strstr(err.msg, "not found"));
	assert_int_equal(credential_helper_get("../x", "r.example", &c, &err), -1);
	assert_non_null(strstr(err.msg, "invalid credential helper name"));
	assert_int_equal(credential_helper_get("", "r.example", &c, &err), -1);
	assert_int_equal(credential_helper_get("vigiltest", "a\nb", &c, &err), -1);

	setenv("VIGIL_NO_CRED_HELPERS", "1", 1);
	assert_int_equal(credential_helper_get("vigiltest", "127.0.0.1:5000", &c, &err), -1);
	assert_non_null(strstr(err.msg, "credential helpers disabled"));
	unsetenv("VIGIL_NO_CRED_HELPERS");

	setenv("VIGIL_CRED_HELPER_TIMEOUT_MS", "300", 1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(credential_helper_get("vigilhang", "r.example", &c, &err), -1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	unsetenv("VIGIL_CRED_HELPER_TIMEOUT_MS");
	assert_non_null(strstr(err.msg, "docker-credential-vigilhang: timed out after 300 ms"));
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (secs < 0.25 || secs > 1.0)
		fail_msg("timeout took %.3f s", secs);
}

static void test_config_helpers(void **state)
{
	static const char json[] =
		"{\"auths\": {"
		"  \"other.example\": {\"auth\": \"" AUTH_BOB "\"},"
		"  \"127.0.0.1:5000\": {\"username\": \"file\", \"password\": \"f\"},"
		"  \"https://index.docker.io/v1/\": {}"
		"},"
		" \"credsStore\": \"vigiltest\","
		" \"credHelpers\": {\"127.0.0.1:5000\": \"vigiltest\", \"fail.example\": \"vigiltest\","
		"                   \"gone.example\": \"vigilmissing\"}}";
	static const char helpers_only[] = "{\"credHelpers\": {\"127.0.0.1:5000\": \"vigiltest\"}}";
	struct registry_creds c;
	struct vg_err err = { VG_OK, "" };

	(void)state;
	/* credHelpers[host] */
	assert_int_equal(docker_config_parse("h.json", json, strlen(json), "127.0.0.1:5000", &c, &err), 1);
	assert_string_equal(c.identity_token, "tok123");
	assert_null(c.username);
	assert_string_equal(c.source, "docker-credential-vigiltest");
	registry_creds_free(&c);
	/* credsStore, asked for Docker Hub's v1 URL */
	assert_int_equal(docker_config_parse("h.json", json, strlen(json), "docker.io", &c, &err), 1);
	assert_string_equal(c.username, "hubuser");
	assert_string_equal(c.password, "hubsecret");
	registry_creds_free(&c);
	/* credsStore has nothing: auths */
	assert_int_equal(docker_config_parse("h.json", json, strlen(json), "other.example", &c, &err), 1);
	assert_string_equal(c.username, "bob");
	assert_string_equal(c.source, "h.json (auths)");
	registry_creds_free(&c);
	/* nowhere */
	assert_int_equal(docker_config_parse("h.json", json, strlen(json), "none.example", &c, &err), 0);
	/* a failing or missing helper names the file and the helper */
	assert_int_equal(docker_config_parse("h.json", json, strlen(json), "fail.example", &c, &err), -1);
	assert_non_null(strstr(err.msg, "h.json: docker-credential-vigiltest: exited with status 3"));
	assert_int_equal(docker_config_parse("h.json", json, strlen(json), "gone.example", &c, &err), -1);
	assert_non_null(strstr(err.msg, "h.json: docker-credential-vigilmissing: not found on PATH"));
	/* no credsStore: hosts without a helper are not looked up in any */
	assert_int_equal(docker_config_parse("h.json", helpers_only, strlen(helpers_only), "q.example", &c, &err), 0);
	/* helpers disabled */
	setenv("VIGIL_NO_CRED_HELPERS", "1", 1);
	assert_int_equal(docker_config_parse("h.json", json, strlen(json), "other.example", &c, &err), -1);
	assert_non_null(strstr(err.msg, "credential helpers disabled"));
	unsetenv("VIGIL_NO_CRED_HELPERS");
}

/* ---- docker_config_lookup ---- */

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static char *save_env(const char *name)
{
	const char *v = getenv(name);

	return v ? strdup(v) : NULL;
}

static void restore_env(const char *name, char *v)
{
	if (v)
		setenv(name, v, 1);
	else
		unsetenv(name);
	free(v);
}

static void test_config_lookup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096], file[4300], dotdocker[4200];
	char *old_dc = save_env("DOCKER_CONFIG"), *old_home = save_env("HOME");
	struct registry_creds c;
	struct vg_err err = { VG_OK, "" };

	(void)state;
	snprintf(dir, sizeof(dir), "%s/vigil-dcfg.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(dir));
	snprintf(file, sizeof(file), "%s/config.json", dir);
	snprintf(dotdocker, sizeof(dotdocker), "%s/.docker", dir);

	/* DOCKER_CONFIG without a config.json: nothing, no error */
	setenv("DOCKER_CONFIG", dir, 1);
	assert_int_equal(docker_config_lookup("r.example", &c, &err), 0);
	write_text(file, "{\"auths\": {\"r.example\": {\"auth\": \"" AUTH_ALICE "\"}}}");
	assert_int_equal(docker_config_lookup("r.example", &c, &err), 1);
	assert_string_equal(c.username, "alice");
	assert_string_equal(c.password, "pa:ss:word");
	assert_non_null(strstr(c.source, "/config.json (auths)"));
	assert_non_null(strstr(c.source, dir));
	registry_creds_free(&c);
	assert_int_equal(docker_config_lookup("s.example", &c, &err), 0);
	write_text(file, "[]");
	assert_int_equal(docker_config_lookup("r.example", &c, &err), -1);
	assert_non_null(strstr(err.msg, file));
	unlink(file);

	/* HOME/.docker/config.json when DOCKER_CONFIG is unset */
	unsetenv("DOCKER_CONFIG");
	setenv("HOME", dir, 1);
	assert_int_equal(docker_config_lookup("r.example", &c, &err), 0);
	assert_int_equal(mkdir(dotdocker, 0700), 0);
	snprintf(file, sizeof(file), "%s/config.json", dotdocker);
	write_text(file, "{\"auths\": {\"https://index.docker.io/v1/\": {\"auth\": \"" AUTH_BOB "\"}}}");
	assert_int_equal(docker_config_lookup("docker.io", &c, &err), 1);
	assert_string_equal(c.username, "bob");
	registry_creds_free(&c);
	unlink(file);
	rmdir(dotdocker);
	rmdir(dir);
	restore_env("DOCKER_CONFIG", old_dc);
	restore_env("HOME", old_home);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_challenge_good),
		cmocka_unit_test(test_challenge_bad),
		cmocka_unit_test(test_challenge_limits),
		cmocka_unit_test(test_key_matches),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_config_auths),
		cmocka_unit_test(test_config_precedence),
		cmocka_unit_test(test_config_errors),
		cmocka_unit_test(test_helper_direct),
		cmocka_unit_test(test_helper_failures),
		cmocka_unit_test(test_config_helpers),
		cmocka_unit_test(test_config_lookup),
	};
	return cmocka_run_group_tests(tests, helpers_setup, helpers_teardown);
}
