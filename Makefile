# Guanxi CRM build. GNU make + pkg-config; every library comes from Debian (scripts/deps.sh).
#
#   make            build build/guanxi
#   make run        install missing packages, build, create the demo database, show how to use it
#   make test       unit + integration tests; ends with "N passed, N failed"
#   make sanitize   the same tests built with ASan + UBSan (into build-san/)
#   make bench      benchmarks built with -O2 (into build-bench/), results table on stdout
#
# Sources are found by wildcard: a new .c file under src/ joins libguanxi.a, a new
# tests/unit/test_*.c becomes a cmocka test binary, a new tests/integration/*.sh joins the suite.

BUILD  ?= build
SAN    ?= 0
OPT    ?= -O2

PKGS   := sqlite3 jansson libzip expat xlsxwriter libsodium libcrypto gsl icu-uc icu-i18n libmicrohttpd libpq libcurl
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

CC     ?= cc
CFLAGS_BASE := -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter -Wno-format-truncation -Wno-missing-field-initializers -g \
               -Iinclude -Isrc $(PKG_CFLAGS)
# clang: messages come through _() from our own catalogues, whose format directives msgfmt
# --check verifies, so a translated format string is trusted.
ifneq ($(findstring clang,$(CC)),)
  CFLAGS_BASE += -Wno-unknown-warning-option -Wno-format-security
endif
ifeq ($(SAN),1)
  CFLAGS_BASE += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
  LDSAN := -fsanitize=address,undefined
else
  CFLAGS_BASE += $(OPT)
  LDSAN :=
endif
CFLAGS += $(CFLAGS_BASE)
LDLIBS := $(PKG_LIBS) -lcsv -lm -lpthread

LIB_SRCS  := $(sort $(shell find src -name '*.c' ! -path 'src/cli/main.c'))
LIB_OBJS  := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRCS))
MIG_SQL   := $(sort $(wildcard src/store/migrations/sqlite/*.sql))
MIG_PG    := $(sort $(wildcard src/store/migrations/postgres/*.sql))
PO_FILES  := $(wildcard po/*.po)
GEN_SRCS  := $(BUILD)/gen/migrations_sqlite.c $(BUILD)/gen/migrations_postgres.c $(BUILD)/gen/catalogs.c
GEN_OBJS  := $(patsubst $(BUILD)/gen/%.c,$(BUILD)/obj/gen/%.o,$(GEN_SRCS))
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))
TEST_SUPPORT := $(wildcard tests/unit/support/*.c)

.PHONY: all run test sanitize bench fuzz fuzz-build clean unit-bins test-run pot

all: $(BUILD)/guanxi

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

# Migrations are embedded into the binary so that a copied `guanxi` needs no data directory.
$(BUILD)/gen/migrations_sqlite.c: $(MIG_SQL) scripts/embed.sh
	@mkdir -p $(dir $@)
	scripts/embed.sh migrations_sqlite $(MIG_SQL) > $@

$(BUILD)/gen/migrations_postgres.c: $(MIG_PG) scripts/embed.sh
	@mkdir -p $(dir $@)
	scripts/embed.sh migrations_postgres $(MIG_PG) > $@

# Message catalogues: po/*.po compiled by msgfmt, the .mo bytes embedded and read by core/i18n.c.
$(BUILD)/locale/%.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

$(BUILD)/gen/catalogs.c: $(patsubst po/%.po,$(BUILD)/locale/%.mo,$(PO_FILES)) scripts/embed.sh
	@mkdir -p $(dir $@)
	scripts/embed.sh catalogs $(patsubst po/%.po,$(BUILD)/locale/%.mo,$(PO_FILES)) > $@

$(BUILD)/libguanxi.a: $(LIB_OBJS) $(GEN_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/guanxi: $(BUILD)/obj/cli/main.o $(BUILD)/libguanxi.a
	$(CC) $(LDSAN) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(TEST_SUPPORT) $(BUILD)/libguanxi.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(TEST_SUPPORT) $(BUILD)/libguanxi.a $(LDSAN) $(LDLIBS) -lcmocka

unit-bins: $(UNIT_BINS)

test-run: $(BUILD)/guanxi unit-bins
	scripts/run-tests.sh $(BUILD)

test:
	$(MAKE) fuzz-build
	FUZZ_SMOKE=build-fuzz $(MAKE) test-run

sanitize:
	$(MAKE) BUILD=build-san SAN=1 test-run

run:
	scripts/deps.sh
	$(MAKE) all
	scripts/run-demo.sh $(BUILD)

bench:
	$(MAKE) BUILD=build-bench OPT="-O2 -DNDEBUG" all
	bench/run.sh build-bench

# libFuzzer targets (fuzz/fuzz_*.c), each linked with the whole library built by clang.
# `make fuzz` runs each for FUZZ_SECONDS; `make test` runs each for a few seconds as a smoke
# test (DECISIONS.md: short fuzz runs in the test suite, long ones only here). Both go through
# scripts/fuzz-run.sh, which adds the seeds of fuzz/seeds/ and the tokens of fuzz/*.dict.
FUZZ_SECONDS ?= 60
FUZZ_SRCS := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BINS := $(patsubst fuzz/%.c,build-fuzz/%,$(FUZZ_SRCS))

fuzz-build:
	$(MAKE) BUILD=build-fuzz CC=clang OPT="-O1 -fsanitize=fuzzer-no-link,address,undefined" build-fuzz/libguanxi.a
	$(MAKE) $(FUZZ_BINS)

build-fuzz/fuzz_%: fuzz/fuzz_%.c build-fuzz/libguanxi.a
	clang -g -O1 -fsanitize=fuzzer,address,undefined -std=c17 -D_GNU_SOURCE -Iinclude -Isrc $(PKG_CFLAGS) \
		$< build-fuzz/libguanxi.a $(LDLIBS) -o $@

fuzz: fuzz-build
	@for n in $(FUZZ_BINS); do \
		echo "== $$n for $(FUZZ_SECONDS) s"; \
		scripts/fuzz-run.sh $$n $(FUZZ_SECONDS) || exit 1; \
	done

# Every _() and N_() msgid of src/ into po/guanxi.pot; scripts/update-po.sh merges it into
# po/zh_CN.po. N_() marks table texts (option help, command summaries) that are printed through
# "%s" and never used as formats, so a literal % in them ("top-20% share") is no directive.
# Entity labels (entity_def.label_en in src/store/entities.c) reach gx_tr() without a marker,
# so a generated file lists them for xgettext. tests/unit is read too: test_core checks the
# catalogue lookup with a msgid ("customer") of its own, which must stay in po/zh_CN.po.
pot:
	@mkdir -p $(BUILD)/gen
	awk '/^const struct entity_def entity_/,/;/' src/store/entities.c | tr -d '\n\t' | sed 's/;/;\n/g' | \
		sed -nE 's/.*= *\{ *"[^"]*", *"[^"]*", *(NULL|"[^"]*"), *"([^"]*)".*/N_("\2");/p' \
		> $(BUILD)/gen/entity_labels.c
	xgettext --from-code=UTF-8 -k_ -kN_ --flag=N_:1:no-c-format --package-name=guanxi \
		-o po/guanxi.pot $(sort $(shell find src -name '*.c')) $(BUILD)/gen/entity_labels.c \
		$(sort $(wildcard tests/unit/*.c))

clean:
	rm -rf build build-san build-bench build-fuzz

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
