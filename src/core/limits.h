/* limits.h - limits shared by every stage that decompresses input. */
#ifndef VG_LIMITS_H
#define VG_LIMITS_H

#include "common.h"

/* Output bytes allowed before the ratio limit applies. */
#define VG_RATIO_FLOOR (64ull << 20)

/* Maximum decompressed/compressed ratio: VIGIL_MAX_RATIO or 250. */
static inline uint64_t vg_max_ratio(void)
{
	const char *r = getenv("VIGIL_MAX_RATIO");
	long v = r ? strtol(r, NULL, 10) : 0;

	return v > 0 ? (uint64_t)v : 250;
}

/* True when out bytes produced from in bytes look like a decompression bomb. */
static inline bool vg_ratio_exceeded(uint64_t out, uint64_t in, uint64_t ratio)
{
	return out > VG_RATIO_FLOOR && out / (in ? in : 1) > ratio;
}

#endif
