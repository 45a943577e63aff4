/* progress.c - per-download progress lines on stderr (see progress.h).
 * Lines are drawn in place with ANSI cursor movement; a finished download
 * keeps its line (marked done) until progress_free erases them all. */
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"

#define MAX_LINES 64
#define REDRAW_NS 100000000L /* 0.1 s */

struct progress_line {
	char label[32];
	int64_t total;
	uint64_t done;
	double started;
	double finished; /* 0 while running */
	bool ok;
};

struct progress {
	pthread_mutex_t lock;
	struct progress_line lines[MAX_LINES];
	int n;
	int drawn;       /* lines on screen */
	double last_draw;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct progress *progress_new(bool enabled)
{
	struct progress *p;

	if (!enabled || !isatty(STDERR_FILENO))
		return NULL;
	p = xcalloc(1, sizeof(*p));
	pthread_mutex_init(&p->lock, NULL);
	return p;
}

static void human(double bytes, char *out, size_t n)
{
	const char *units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	int u = 0;

	while (bytes >= 1024 && u < 4) {
		bytes /= 1024;
		u++;
	}
	snprintf(out, n, u ? "%.1f %s" : "%.0f %s", bytes, units[u]);
}

static void draw_line(const struct progress_line *l, double t)
{
	char done[32], total[32], rate[32];
	double secs = (l->finished ? l->finished : t) - l->started;

	human((double)l->done, done, sizeof(done));
	if (l->total >= 0)
		human((double)l->total, total, sizeof(total));
	else
		snprintf(total, sizeof(total), "?");
	human(secs > 0.05 ? (double)l->done / secs : 0, rate, sizeof(rate));
	if (l->finished)
		fprintf(stderr, "\r\033[K%s  %s  %s\n", l->label, l->ok ? "done" : "stopped", done);
	else
		fprintf(stderr, "\r\033[K%s  %s / %s  %s/s\n", l->label, done, total, rate);
}

static void redraw(struct progress *p, bool force)
{
	double t = now();

	if (!force && t - p->last_draw < REDRAW_NS / 1e9)
		return;
	p->last_draw = t;
	if (p->drawn)
		fprintf(stderr, "\033[%dA", p->drawn);
	for (int i = 0; i < p->n; i++)
		draw_line(&p->lines[i], t);
	p->drawn = p->n;
	fflush(stderr);
}

int progress_add(struct progress *p, const char *label, int64_t total)
{
	int id;

	if (!p)
		return -1;
	pthread_mutex_lock(&p->lock);
	if (p->n == MAX_LINES) {
		pthread_mutex_unlock(&p->lock);
		return -1;
	}
	id = p->n++;
	snprintf(p->lines[id].label, sizeof(p->lines[id].label), "%s", label);
	p->lines[id].total = total;
	p->lines[id].started = now();
	redraw(p, true);
	pthread_mutex_unlock(&p->lock);
	return id;
}

void progress_set(struct progress *p, int id, uint64_t done)
{
	if (!p || id < 0)
		return;
	pthread_mutex_lock(&p->lock);
	p->lines[id].done = done;
	redraw(p, false);
	pthread_mutex_unlock(&p->lock);
}

void progress_finish(struct progress *p, int id, bool ok)
{
	if (!p || id < 0)
		return;
	pthread_mutex_lock(&p->lock);
	p->lines[id].finished = now();
	p->lines[id].ok = ok;
	redraw(p, true);
	pthread_mutex_unlock(&p->lock);
}

void progress_free(struct progress *p)
{
	if (!p)
		return;
	if (p->drawn) {
		fprintf(stderr, "\033[%dA", p->drawn);
		for (int i = 0; i < p->drawn; i++)
			fputs("\r\033[K\n", stderr);
		fprintf(stderr, "\033[%dA", p->drawn);
		fflush(stderr);
	}
	pthread_mutex_destroy(&p->lock);
	free(p);
}
