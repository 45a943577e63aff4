/* fuzz_jar.c - libFuzzer target for the jar analyzer (jar.c): the input is a
 * zip given to extract (pom.properties, MANIFEST.MF, nested jars); see
 * fuzz_content.h for what must hold. */
#include "fuzz_content.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_content_analyzer(&analyzer_jar, "opt/app/app-1.0.jar", data, size);
}
