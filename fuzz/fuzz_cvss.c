/* fuzz_cvss.c - libFuzzer target for cvss_base_score: even first byte, the rest is
 * the vector; odd, a well-formed vector built from the bytes must be accepted. Checks
 * 0 <= score <= 10 in tenths, version vs prefix, rating vs score, determinism. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "severity/cvss.h"

struct metric {
	const char *name;
	const char *values[7]; /* NULL-terminated */
	int required;
};

static const struct metric v2_metrics[] = {
	{ "AV", { "L", "A", "N" }, 1 }, { "AC", { "H", "M", "L" }, 1 }, { "Au", { "M", "S", "N" }, 1 },
	{ "C", { "N", "P", "C" }, 1 },  { "I", { "N", "P", "C" }, 1 },  { "A", { "N", "P", "C" }, 1 },
	{ "E", { "U", "POC", "F", "H", "ND" }, 0 }, { "RL", { "OF", "TF", "W", "U", "ND" }, 0 },
	{ "RC", { "UC", "UR", "C", "ND" }, 0 }, { "CDP", { "N", "L", "LM", "MH", "H", "ND" }, 0 },
	{ "TD", { "N", "L", "M", "H", "ND" }, 0 }, { "CR", { "L", "M", "H", "ND" }, 0 },
	{ "IR", { "L", "M", "H", "ND" }, 0 }, { "AR", { "L", "M", "H", "ND" }, 0 },
	{ NULL, { NULL }, 0 },
};

static const struct metric v3_metrics[] = {
	{ "AV", { "N", "A", "L", "P" }, 1 }, { "AC", { "L", "H" }, 1 }, { "PR", { "N", "L", "H" }, 1 },
	{ "UI", { "N", "R" }, 1 }, { "S", { "U", "C" }, 1 }, { "C", { "H", "L", "N" }, 1 },
	{ "I", { "H", "L", "N" }, 1 }, { "A", { "H", "L", "N" }, 1 },
	{ "E", { "X", "U", "P", "F", "H" }, 0 }, { "RL", { "X", "O", "T", "W", "U" }, 0 },
	{ "RC", { "X", "U", "R", "C" }, 0 }, { "CR", { "X", "L", "M", "H" }, 0 },
	{ "IR", { "X", "L", "M", "H" }, 0 }, { "AR", { "X", "L", "M", "H" }, 0 },
	{ "MAV", { "X", "N", "A", "L", "P" }, 0 }, { "MAC", { "X", "L", "H" }, 0 },
	{ "MPR", { "X", "N", "L", "H" }, 0 }, { "MUI", { "X", "N", "R" }, 0 }, { "MS", { "X", "U", "C" }, 0 },
	{ "MC", { "X", "N", "L", "H" }, 0 }, { "MI", { "X", "N", "L", "H" }, 0 }, { "MA", { "X", "N", "L", "H" }, 0 },
	{ NULL, { NULL }, 0 },
};

static const struct metric v4_metrics[] = {
	{ "AV", { "N", "A", "L", "P" }, 1 }, { "AC", { "L", "H" }, 1 }, { "AT", { "N", "P" }, 1 },
	{ "PR", { "N", "L", "H" }, 1 }, { "UI", { "N", "P", "A" }, 1 }, { "VC", { "H", "L", "N" }, 1 },
	{ "VI", { "H", "L", "N" }, 1 }, { "VA", { "H", "L", "N" }, 1 }, { "SC", { "H", "L", "N" }, 1 },
	{ "SI", { "H", "L", "N" }, 1 }, { "SA", { "H", "L", "N" }, 1 },
	{ "E", { "X", "A", "P", "U" }, 0 }, { "CR", { "X", "H", "M", "L" }, 0 },
	{ "IR", { "X", "H", "M", "L" }, 0 }, { "AR", { "X", "H", "M", "L" }, 0 },
	{ "MAV", { "X", "N", "A", "L", "P" }, 0 }, { "MAC", { "X", "L", "H" }, 0 }, { "MAT", { "X", "N", "P" }, 0 },
	{ "MPR", { "X", "N", "L", "H" }, 0 }, { "MUI", { "X", "N", "P", "A" }, 0 },
	{ "MVC", { "X", "H", "L", "N" }, 0 }, { "MVI", { "X", "H", "L", "N" }, 0 },
	{ "MVA", { "X", "H", "L", "N" }, 0 }, { "MSC", { "X", "H", "L", "N" }, 0 },
	{ "MSI", { "X", "S", "H", "L", "N" }, 0 }, { "MSA", { "X", "S", "H", "L", "N" }, 0 },
	{ "S", { "X", "N", "P" }, 0 }, { "AU", { "X", "N", "Y" }, 0 }, { "R", { "X", "A", "U", "I" }, 0 },
	{ "V", { "X", "D", "C" }, 0 }, { "RE", { "X", "L", "M", "H" }, 0 },
	{ "U", { "X", "Clear", "Green", "Amber", "Red" }, 0 },
	{ NULL, { NULL }, 0 },
};

struct bytes {
	const uint8_t *p;
	size_t n;
};

static unsigned take(struct bytes *b)
{
	if (b->n == 0)
		return 0;
	b->n--;
	return *b->p++;
}

/* A well-formed vector from the bytes: which version, which optional metrics,
 * their values, and the order (a shuffle driven by the bytes). */
static void build_vector(struct bytes *b, char *out, size_t cap)
{
	static const char *const prefixes[] = { "", "CVSS:3.0/", "CVSS:3.1/", "CVSS:4.0/" };
	unsigned which = take(b) % 4;
	const struct metric *set = which == 0 ? v2_metrics : which == 3 ? v4_metrics : v3_metrics;
	const char *parts[40];
	char buf[40][16];
	size_t n = 0, len;

	for (size_t i = 0; set[i].name; i++) {
		size_t nv = 0;
		unsigned c = take(b);

		if (!set[i].required && (c & 1))
			continue;
		while (set[i].values[nv])
			nv++;
		snprintf(buf[n], sizeof(buf[n]), "%s:%s", set[i].name, set[i].values[(c >> 1) % nv]);
		parts[n] = buf[n];
		n++;
	}
	for (size_t i = n; i > 1; i--) { /* Fisher-Yates on the input bytes */
		size_t j = take(b) % i;
		const char *t = parts[i - 1];
		parts[i - 1] = parts[j];
		parts[j] = t;
	}
	len = (size_t)snprintf(out, cap, "%s", prefixes[which]);
	for (size_t i = 0; i < n && len < cap; i++)
		len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? "/" : "", parts[i]);
}

static const char *expected_rating(int tenths, int version)
{
	if (version == CVSS_VERSION_2)
		return tenths < 40 ? "low" : tenths < 70 ? "medium" : "high";
	return tenths == 0 ? "none" : tenths < 40 ? "low" : tenths < 70 ? "medium" : tenths < 90 ? "high" : "critical";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;
	double score = -7, again = -8;
	int version = -7, v2 = -8, tenths = -1, rc;
	int must_parse = size > 0 && (data[0] & 1);

	if (size == 0 || size > 4096)
		return 0;
	s = malloc(must_parse ? 1024 : size);
	if (!s)
		return 0;
	if (must_parse) {
		struct bytes b = { data + 1, size - 1 };
		build_vector(&b, s, 1024);
	} else {
		memcpy(s, data + 1, size - 1);
		s[size - 1] = '\0';
	}
	rc = cvss_base_score(s, &score, &version);
	if (must_parse && rc != 0) {
		fprintf(stderr, "well-formed vector rejected: %s\n", s);
		abort();
	}
	if (rc != 0) {
		if (rc != -1 || score != -7 || version != -7)
			abort(); /* failure leaves the outputs alone */
		free(s);
		return 0;
	}
	if (!(score >= 0 && score <= 10))
		abort();
	if (version != CVSS_VERSION_2 && version != CVSS_VERSION_30 && version != CVSS_VERSION_31 &&
	    version != CVSS_VERSION_40)
		abort();
	if ((version == CVSS_VERSION_2) != (strncmp(s, "CVSS:", 5) != 0))
		abort();
	if (cvss_base_score_tenths(s, &tenths, &v2) != 0 || v2 != version || tenths < 0 || tenths > 100 ||
	    score != tenths / 10.0 || cvss_tenths(score) != tenths)
		abort();
	if (cvss_base_score(s, &again, NULL) != 0 || again != score)
		abort(); /* deterministic */
	if (!cvss_rating(score, version) || strcmp(cvss_rating(score, version), expected_rating(tenths, version)) != 0)
		abort();
	if (!cvss_type_name(version) || cvss_check_feed_score(s, score, NULL) != 1)
		abort();
	free(s);
	return 0;
}
