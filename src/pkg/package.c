/* package.c - inventory allocation and ordering. */
#include <stdarg.h>

#include "package.h"

void inventory_init(struct inventory *inv)
{
	memset(inv, 0, sizeof(*inv));
}

void inventory_free(struct inventory *inv)
{
	ptrvec_free(&inv->packages, NULL);
	ptrvec_free(&inv->warnings, NULL);
	arena_free(&inv->arena);
	memset(inv, 0, sizeof(*inv));
}

struct package *inventory_new_package(struct inventory *inv, enum pkg_type type)
{
	struct package *p = arena_alloc(&inv->arena, sizeof(*p));

	memset(p, 0, sizeof(*p));
	p->type = type;
	p->epoch = -1;
	p->layer_index = -1;
	ptrvec_push(&inv->packages, p);
	return p;
}

char *inventory_strdup(struct inventory *inv, const char *s)
{
	return arena_strdup_opt(&inv->arena, s);
}

char *inventory_strndup(struct inventory *inv, const char *s, size_t n)
{
	return arena_strndup(&inv->arena, s, n);
}

void inventory_warn(struct inventory *inv, const char *fmt, ...)
{
	va_list ap;
	char buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ptrvec_push(&inv->warnings, arena_strdup(&inv->arena, buf));
}

static int cmp_opt(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int package_cmp(const void *pa, const void *pb)
{
	const struct package *a = *(const struct package *const *)pa;
	const struct package *b = *(const struct package *const *)pb;
	int c;

	if (a->type != b->type)
		return (int)a->type - (int)b->type;
	if ((c = cmp_opt(a->name, b->name)))
		return c;
	if ((c = cmp_opt(a->version, b->version)))
		return c;
	if ((c = cmp_opt(a->arch, b->arch)))
		return c;
	return cmp_opt(a->found_in, b->found_in);
}

void inventory_sort(struct inventory *inv)
{
	ptrvec_sort(&inv->packages, package_cmp);
}

const char *pkg_type_name(enum pkg_type t)
{
	switch (t) {
	case PKG_DEB: return "deb";
	case PKG_APK: return "apk";
	case PKG_RPM: return "rpm";
	case PKG_NPM: return "npm";
	case PKG_PYPI: return "pypi";
	case PKG_GO: return "golang";
	case PKG_MAVEN: return "maven";
	case PKG_GEM: return "gem";
	case PKG_CARGO: return "cargo";
	case PKG_COMPOSER: return "composer";
	}
	return "unknown";
}
