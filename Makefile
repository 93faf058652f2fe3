# mod_carbon: the only entry point a newcomer needs.
#   make run    build, create the SQLite database with demo data, start Apache on :$(PORT)
#   make test   every suite; ends with "N passed, N failed"
SHELL := /bin/bash
PORT ?= 8080

APXS      ?= apxs
CC        ?= gcc
BUILD     := build
HTTPD_INC := $(shell $(APXS) -q INCLUDEDIR 2>/dev/null)
APR_CFLAGS := $(shell pkg-config --cflags apr-1 apr-util-1 2>/dev/null)
APR_LIBS   := $(shell pkg-config --libs apr-1 apr-util-1 2>/dev/null)

WARN    := -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_GNU_SOURCE -fPIC -pipe -fstack-protector-strong $(WARN) \
           -I$(HTTPD_INC) $(APR_CFLAGS) -Imod_carbon
LIBS    := -lmagic -ljansson -lxlsxwriter -lcrypto $(APR_LIBS)

# The pure parts of the core: no httpd headers, unit-tested and fuzzed alone.
PURE_NAMES := jwt multipart filetype template thaifmt money json_util audit_hash
PURE_SRCS  := $(wildcard $(addprefix mod_carbon/,$(addsuffix .c,$(PURE_NAMES))))
CORE_SRCS  := $(filter-out $(PURE_SRCS),$(wildcard mod_carbon/*.c))
HANDLER_SRCS := $(wildcard handlers/*.c)
PURE_OBJS  := $(patsubst %.c,$(BUILD)/%.o,$(PURE_SRCS))
MOD_OBJS   := $(patsubst %.c,$(BUILD)/%.o,$(CORE_SRCS) $(HANDLER_SRCS)) $(PURE_OBJS)
HEADERS    := $(wildcard mod_carbon/*.h handlers/*.h)

UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_BINS  := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))

.PHONY: all deps run stop test test-unit test-pg clean fuzz bench
all: $(BUILD)/mod_carbon.so

$(BUILD)/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/mod_carbon.so: $(MOD_OBJS)
	$(CC) -shared -o $@ $(MOD_OBJS) $(LIBS)

$(BUILD)/libcarbon_pure.a: $(PURE_OBJS)
	rm -f $@; ar rcs $@ $^

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libcarbon_pure.a $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit $< -o $@ $(BUILD)/libcarbon_pure.a $(LIBS) $(shell pkg-config --libs check)

# Fake LSSO: signs real HS256/RS256 tokens for the tests (mod_carbon only verifies).
LSSO_SIGN_SRCS := tests/tools/lsso_sign.c tests/tools/lsso_sign.h
$(BUILD)/tests/lsso_issue: tests/tools/lsso_issue.c $(LSSO_SIGN_SRCS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/tools $< tests/tools/lsso_sign.c -o $@ -lcrypto -ljansson

# test_jwt signs its tokens with the same code (it #includes lsso_sign.c).
$(BUILD)/tests/test_jwt: $(LSSO_SIGN_SRCS)

# libFuzzer target for the token verifier: make build/fuzz/fuzz_jwt
FUZZ_CC     ?= clang-14
FUZZ_CFLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
               -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wno-unused-parameter \
               -I$(HTTPD_INC) $(APR_CFLAGS) -Imod_carbon
$(BUILD)/fuzz/fuzz_jwt: tests/fuzz/fuzz_jwt.c mod_carbon/jwt.c mod_carbon/jwt.h $(LSSO_SIGN_SRCS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) tests/fuzz/fuzz_jwt.c mod_carbon/jwt.c -o $@ -ljansson -lcrypto $(APR_LIBS)

test-unit: $(UNIT_BINS)
	@for t in $(UNIT_BINS); do CK_FORK=yes $$t || exit 1; done

clean:
	rm -rf $(BUILD)

# Thai geography (DOPA codes) generated from npm thai-address-database; the
# package is installed only when node_modules is missing or older than the lock.
$(BUILD)/sql/geo.sql: tools/geo/gen_geo.js tools/geo/package-lock.json
	@mkdir -p $(dir $@)
	@if [ ! -d tools/geo/node_modules ] || [ tools/geo/package-lock.json -nt tools/geo/node_modules ]; then \
	  (cd tools/geo && npm ci --no-audit --no-fund --silent --ignore-scripts) && touch tools/geo/node_modules; \
	fi
	node tools/geo/gen_geo.js $@.tmp && mv $@.tmp $@
