/* dbpath.c - where the vulnerability database lives by default:
 * $VIGIL_DB, else $XDG_CACHE_HOME/vigil/db.sqlite, else ~/.cache/vigil/db.sqlite. */
#include <errno.h>
#include <sys/stat.h>

#include "../core/strbuf.h"
#include "vulndb.h"

char *vulndb_default_path(void)
{
	const char *env = getenv("VIGIL_DB"), *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	struct strbuf sb = STRBUF_INIT;

	if (env && *env)
		return xstrdup(env);
	if (xdg && *xdg)
		strbuf_addf(&sb, "%s/vigil/db.sqlite", xdg);
	else
		strbuf_addf(&sb, "%s/.cache/vigil/db.sqlite", home && *home ? home : ".");
	return strbuf_detach(&sb, NULL);
}

int vulndb_make_parent_dir(const char *path, struct vg_err *err)
{
	char *dir = xstrdup(path), *slash;

	for (slash = strchr(dir + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
			vg_err_set(err, VG_EIO, "%s: %s", dir, strerror(errno));
			free(dir);
			return -1;
		}
		*slash = '/';
	}
	free(dir);
	return 0;
}
