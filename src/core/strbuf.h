/* strbuf.h - growable NUL-terminated byte buffer (git's strbuf, simplified).
 * The buffer owns its memory; strbuf_detach hands it to the caller. */
#ifndef VG_STRBUF_H
#define VG_STRBUF_H

#include "common.h"

struct strbuf {
	char *buf;   /* always NUL-terminated, never NULL after init */
	size_t len;
	size_t alloc;
};

#define STRBUF_INIT { NULL, 0, 0 }

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_reset(struct strbuf *sb);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) VG_PRINTF(2, 3);
/* Append s with JSON string escaping (no surrounding quotes). */
void strbuf_add_json_escaped(struct strbuf *sb, const char *s);
const char *strbuf_str(const struct strbuf *sb);

#endif
