/* fuzz_gobinary.c - libFuzzer target for the binary analyzer (gobinary.c):
 * the input is an ELF file given to extract (Go build info, cargo-auditable
 * .dep-v0); see fuzz_content.h for what must hold. */
#include "fuzz_content.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_content_analyzer(&analyzer_gobinary, "usr/local/bin/app", data, size);
}
