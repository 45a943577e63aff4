# vigil - container image vulnerability scanner.
#   make            build ./vigil (optimised)
#   make test       build and run every test (unit, end-to-end, valgrind)
#   make SAN=1 test the same with AddressSanitizer + UndefinedBehaviorSanitizer
#   make check      what CI runs: deps, both builds and suites, short fuzzing
#   make fuzz       build the libFuzzer targets (clang) into build-fuzz/
PKGS := libarchive jansson libcrypto rpm libisal libzstd zlib sqlite3 libcurl libelf
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS := $(shell pkg-config --libs $(PKGS))

CC ?= cc
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
WARN := -Wall -Wextra -Wshadow -Wformat=2 -Wno-unused-parameter
CFLAGS ?= -O2 -g
ifeq ($(SAN),1)
BUILD ?= build-san
CFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
else
BUILD ?= build
endif
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE -DVIGIL_VERSION='"$(VERSION)"' -pthread $(WARN) $(PKG_CFLAGS) $(CFLAGS)
LDLIBS := $(PKG_LIBS) -lm -pthread

SRCS := $(sort $(wildcard src/*/*.c))
LIB_SRCS := $(filter-out src/cmd/main.c,$(SRCS))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
TEST_SRCS := $(sort $(wildcard tests/unit/test_*.c))
TEST_BINS := $(TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_SRCS := $(sort $(wildcard fuzz/fuzz_*.c))

.PHONY: all test unit check clean fuzz fuzz-run bench bench-scan bench-registry bench-lang deps
all: $(BUILD)/vigil
ifneq ($(SAN),1)
all: vigil
vigil: $(BUILD)/vigil
	cp $< $@
endif

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libvigil.a: $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/vigil: $(BUILD)/src/cmd/main.o $(BUILD)/libvigil.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/testutil.h tests/unit/reporttest.h tests/unit/feedtest.h tests/unit/pkgtest.h $(BUILD)/libvigil.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc -o $@ $< $(BUILD)/libvigil.a $(LDFLAGS) $(LDLIBS) $(shell pkg-config --libs cmocka)

unit: $(TEST_BINS)

test: $(BUILD)/vigil $(TEST_BINS)
	VIGIL_BUILD=$(BUILD) bash tests/run.sh

# Everything CI runs (deps, both builds, the whole suite twice, short fuzzing).
check:
	bash tests/check.sh

# libFuzzer targets: clang only, sanitizers on.
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer-no-link,address,undefined $(PKG_CFLAGS) -pthread
fuzz:
	$(MAKE) BUILD=build-fuzz CC=clang CFLAGS="-g -O1 -fsanitize=fuzzer-no-link,address,undefined" build-fuzz/libvigil.a
	@mkdir -p build-fuzz/fuzz
	for f in $(FUZZ_SRCS); do n=$$(basename $$f .c); \
	  clang $(FUZZ_CFLAGS) -Isrc -fsanitize=fuzzer $$f build-fuzz/libvigil.a -o build-fuzz/fuzz/$$n $(PKG_LIBS) -lm || exit 1; done

fuzz-run: fuzz
	bash fuzz/run.sh $${FUZZ_SECONDS:-30}

bench: all
	bash bench/sbom.sh

bench-scan: all
	bash bench/scan.sh

bench-registry: all
	bash bench/registry.sh

bench-lang: all
	bash bench/lang.sh

deps:
	bash scripts/install-deps.sh

clean:
	rm -rf build build-san build-fuzz vigil

-include $(LIB_OBJS:.o=.d) $(BUILD)/src/cmd/main.d
