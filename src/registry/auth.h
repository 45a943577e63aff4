/* auth.h - registry credentials and authentication challenges: parsing a
 * WWW-Authenticate header, finding credentials for a registry host in
 * Docker's config.json (auths, credsStore, credHelpers via
 * docker-credential-<helper>), and base64 for HTTP Basic. Nothing here
 * prints or logs a secret. Every struct owns its malloc'd strings and is
 * released with its *_free function. */
#ifndef VG_REG_AUTH_H
#define VG_REG_AUTH_H

#include "../core/error.h"

enum auth_scheme { AUTH_NONE, AUTH_BASIC, AUTH_BEARER };

struct auth_challenge {
	enum auth_scheme scheme;  /* AUTH_NONE when the scheme is neither Basic nor Bearer */
	char *realm;              /* Bearer: token endpoint URL; Basic: realm text; or NULL */
	char *service;            /* or NULL */
	char *scope;              /* or NULL */
	char *error;              /* Bearer error="insufficient_scope" etc., or NULL */
};

/* Parse one WWW-Authenticate header value (RFC 7235 challenge: scheme
 * followed by comma-separated auth-params, quoted-string values with \
 * escapes; scheme names are case-insensitive). Returns 0, or -1 with
 * VG_EFORMAT for a malformed header. */
int auth_challenge_parse(const char *header, struct auth_challenge *out, struct vg_err *err);
void auth_challenge_free(struct auth_challenge *c);

struct registry_creds {
	char *username;        /* NULL when none */
	char *password;        /* NULL when none */
	char *identity_token;  /* config.json "identitytoken" or a helper's Username "<token>"; else NULL */
	char *source;          /* where they came from, for messages: "/root/.docker/config.json (auths)",
	                          "docker-credential-pass", ... never the secret itself */
};
void registry_creds_free(struct registry_creds *c);

/* Keys that may name HOST in config.json "auths": "HOST", "https://HOST",
 * "http://HOST", any of those followed by a path ("https://HOST/v1/"); for
 * docker.io also "https://index.docker.io/v1/", "index.docker.io",
 * "registry-1.docker.io". */
bool docker_config_key_matches(const char *key, const char *host);

/* Look HOST (as in an image reference: "docker.io", "127.0.0.1:5000") up in
 * a config.json held in memory (name is used in messages). Order, as Docker:
 * credHelpers[HOST], then credsStore, then auths. Returns 1 and fills out
 * when found, 0 when the file has nothing for HOST, -1 on a malformed file
 * or a failing helper (err names the file or helper, never a secret). */
int docker_config_parse(const char *name, const char *json, size_t len, const char *host,
			struct registry_creds *out, struct vg_err *err);

/* The same for the user's config file: $DOCKER_CONFIG/config.json, else
 * $HOME/.docker/config.json. A missing file is 0 (nothing found). */
int docker_config_lookup(const char *host, struct registry_creds *out, struct vg_err *err);

/* Run "docker-credential-HELPER get" (found on PATH) with the server URL on
 * stdin; parse its {"ServerURL","Username","Secret"} answer. A helper that
 * says "credentials not found" is 0; a missing helper, a non-zero exit or a
 * 10 s timeout is -1. */
int credential_helper_get(const char *helper, const char *server_url, struct registry_creds *out,
			  struct vg_err *err);

/* Base64 (RFC 4648, with padding). encode returns a malloc'd string;
 * decode returns a malloc'd NUL-terminated buffer and its length, or NULL
 * for invalid input. */
char *base64_encode(const void *data, size_t len);
char *base64_decode(const char *s, size_t *len);

#endif
