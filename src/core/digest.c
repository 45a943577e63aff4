/* digest.c - sha256 via OpenSSL libcrypto. */
#include <openssl/evp.h>

#include "digest.h"

void sha256_init(struct sha256_ctx *c)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	if (!md || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1)
		vg_die_oom();
	c->md = md;
}

void sha256_update(struct sha256_ctx *c, const void *data, size_t len)
{
	if (len)
		EVP_DigestUpdate(c->md, data, len);
}

void sha256_final_str(struct sha256_ctx *c, char out[72])
{
	unsigned char h[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	static const char hex[] = "0123456789abcdef";

	EVP_DigestFinal_ex(c->md, h, &n);
	EVP_MD_CTX_free(c->md);
	c->md = NULL;
	memcpy(out, "sha256:", 7);
	for (unsigned int i = 0; i < n && i < 32; i++) {
		out[7 + 2 * i] = hex[h[i] >> 4];
		out[8 + 2 * i] = hex[h[i] & 15];
	}
	out[71] = '\0';
}

void sha256_abort(struct sha256_ctx *c)
{
	if (c->md)
		EVP_MD_CTX_free(c->md);
	c->md = NULL;
}

void sha256_str(const void *data, size_t len, char out[72])
{
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, data, len);
	sha256_final_str(&c, out);
}

bool digest_is_valid_sha256(const char *d)
{
	if (!d || strncmp(d, "sha256:", 7) != 0 || strlen(d) != 71)
		return false;
	for (int i = 7; i < 71; i++)
		if (!((d[i] >= '0' && d[i] <= '9') || (d[i] >= 'a' && d[i] <= 'f')))
			return false;
	return true;
}
