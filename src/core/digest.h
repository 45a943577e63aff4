/* digest.h - streaming sha256 (OpenSSL EVP) and "sha256:<hex>" helpers. */
#ifndef VG_DIGEST_H
#define VG_DIGEST_H

#include "common.h"

struct sha256_ctx {
	void *md; /* EVP_MD_CTX */
};

void sha256_init(struct sha256_ctx *c);
void sha256_update(struct sha256_ctx *c, const void *data, size_t len);
/* Writes "sha256:" + 64 hex digits + NUL into out (72 bytes) and frees c. */
void sha256_final_str(struct sha256_ctx *c, char out[72]);
void sha256_abort(struct sha256_ctx *c);
void sha256_str(const void *data, size_t len, char out[72]);
/* True for "sha256:" followed by exactly 64 lowercase hex digits. */
bool digest_is_valid_sha256(const char *digest);

#endif
