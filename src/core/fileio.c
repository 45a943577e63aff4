/* fileio.c - whole-file reads with a size cap. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"

int read_file_capped(const char *path, size_t max, char **out, size_t *len, struct vg_err *err)
{
	struct stat st;
	char *buf = NULL;
	size_t n = 0, cap = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return vg_err_set(err, errno == ENOENT ? VG_ENOTFOUND : VG_EIO, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return vg_err_set(err, VG_EFORMAT, "%s: is a directory", path);
	}
	for (;;) {
		ssize_t r;
		if (n + 65536 + 1 > cap)
			vg_grow((void **)&buf, &cap, n + 65536 + 1, 1);
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			vg_err_set(err, VG_EIO, "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max) {
			vg_err_set(err, VG_ELIMIT, "%s: larger than the %zu byte limit", path, max);
			goto fail;
		}
	}
	close(fd);
	buf[n] = '\0';
	*out = buf;
	if (len)
		*len = n;
	return 0;
fail:
	close(fd);
	free(buf);
	return -1;
}

int write_output(const char *path, const char *data, size_t len, struct vg_err *err)
{
	FILE *f;

	if (!path || strcmp(path, "-") == 0) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
			return vg_err_set(err, VG_EIO, "<stdout>: %s", strerror(errno));
		return 0;
	}
	f = fopen(path, "wb");
	if (!f)
		return vg_err_set(err, VG_EIO, "%s: %s", path, strerror(errno));
	if (fwrite(data, 1, len, f) != len) {
		vg_err_set(err, VG_EIO, "%s: %s", path, strerror(errno));
		fclose(f);
		return -1;
	}
	if (fclose(f) != 0)
		return vg_err_set(err, VG_EIO, "%s: %s", path, strerror(errno));
	return 0;
}
