# trawl - plain make, pkg-config for every dependency.
#
#   make            build ./trawl (and build/libtrawl.a)
#   make deps       install missing Debian packages (needs root or sudo)
#   make test       build and run the whole test suite
#   make bench      generate the benchmark corpus and measure
#   make install    binary, identifiers and man page under $(PREFIX)
#   make asan       address+undefined sanitizer build in build-asan/

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share/trawl
MANDIR    ?= $(PREFIX)/share/man
CC        ?= cc
BUILD     ?= build
PKGS      := libhs libcjson yaml-0.1 libarchive libqpdf zlib libcurl
OPT       ?= -O2 -g

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

CFLAGS  ?= $(OPT)
CFLAGS  += -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -pthread \
	   -Iinclude -Isrc $(PKG_CFLAGS) \
	   -DTRAWL_DATADIR='"$(DATADIR)"'
LDLIBS  += $(PKG_LIBS) -pthread -lm

LIB_SRC  := $(sort $(wildcard src/util/*.c src/source/*.c src/extract/*.c \
	      src/match/*.c src/confirm/*.c src/report/*.c src/engine/*.c))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_SRC := $(sort $(wildcard tests/tools/*.c))
TOOL_BIN := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tools/%)

.PHONY: all deps test check bench install uninstall clean asan sample

all: trawl $(UNIT_BIN) $(TOOL_BIN) $(BUILD)/bench/hs_bare

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libtrawl.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

trawl: $(CLI_OBJ) $(BUILD)/libtrawl.a
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libtrawl.a $(LDFLAGS) $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libtrawl.a tests/testhelp.h tests/vtest.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests -o $@ $< $(BUILD)/libtrawl.a $(LDFLAGS) $(LDLIBS)

# Helpers the tests drive (not tests themselves): e.g. the validator driver
# that the python-stdnum differential test feeds.
$(BUILD)/tools/%: tests/tools/%.c $(BUILD)/libtrawl.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests -o $@ $< $(BUILD)/libtrawl.a $(LDFLAGS) $(LDLIBS)

$(BUILD)/bench/hs_bare: bench/hs_bare.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(LDFLAGS) $(LDLIBS)

deps:
	./tools/deps.sh

# The whole suite: C unit tests, validator oracle tests, command tests.
test check: deps
	$(MAKE) all asan
	./tests/run

# Scan the bundled sample corpus (the README's first command ends here).
SAMPLE_OUT = build/sample
sample: deps
	$(MAKE) all
	./trawl scan corpus/sample; test $$? -le 1
	mkdir -p $(SAMPLE_OUT)
	./trawl scan -q --report $(SAMPLE_OUT) --findings $(SAMPLE_OUT)/findings.jsonl \
		--format sarif -o $(SAMPLE_OUT)/results.sarif corpus/sample; test $$? -le 1
	./trawl scan -q --format asff -o $(SAMPLE_OUT)/findings.asff.json corpus/sample; \
		test $$? -le 1
	@echo "inventory: $(SAMPLE_OUT)/report.html report.csv report.json;" \
		"findings.jsonl, findings.asff.json, results.sarif"

bench: deps
	$(MAKE) all
	./bench/run.sh

asan:
	$(MAKE) BUILD=build-asan OPT='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer' \
		LDFLAGS='-fsanitize=address,undefined' build-asan/libtrawl.a
	$(CC) -std=c11 -O1 -g -fsanitize=address,undefined -D_GNU_SOURCE -pthread -Iinclude -Isrc \
		$(PKG_CFLAGS) -DTRAWL_DATADIR='"$(DATADIR)"' -o trawl-asan $(CLI_SRC) \
		build-asan/libtrawl.a $(PKG_LIBS) -pthread -lm

install: trawl
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/identifiers $(DESTDIR)$(MANDIR)/man1
	install -m 755 trawl $(DESTDIR)$(BINDIR)/trawl
	install -m 644 identifiers/*.yaml $(DESTDIR)$(DATADIR)/identifiers/
	install -m 644 man/trawl.1 $(DESTDIR)$(MANDIR)/man1/trawl.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/trawl $(DESTDIR)$(MANDIR)/man1/trawl.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf $(BUILD) build-asan trawl trawl-asan

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
