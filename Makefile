# portinfo: port numbers and service names, from IANA's registry.

VERSION = 1.0.0

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
# Shell completion, where bash-completion, zsh and fish look for it.
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
# The site's label file is SYSCONFDIR/portinfo/services.csv: /etc for a
# system install (PREFIX=/usr), PREFIX/etc otherwise.
SYSCONFDIR ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)

CFLAGS ?= -O2 -g
WARNINGS = -std=c11 -Wall -Wextra -Wpedantic
BASE_CPPFLAGS = -Iinclude -Isrc -D_POSIX_C_SOURCE=200809L \
	-DPI_VERSION='"$(VERSION)"'
PI_CPPFLAGS = $(BASE_CPPFLAGS) -I$(B) $(CPPFLAGS)
PI_CFLAGS = $(WARNINGS) $(CFLAGS)

# The table compiler runs on the build machine: a cross build sets HOSTCC
# and its flags apart from CC's, which are the target's.
HOSTCC ?= $(CC)
HOST_CFLAGS ?= -O2 -g
HOST_CPPFLAGS ?=
HOST_LDFLAGS ?=

# Everything built goes below $(B), the program aside; check-asan uses
# another $(B) so that both builds can live side by side.
B = build
PROG = portinfo
DATA = data/services.csv
# Compiled into the same table after IANA's registry: the ports software
# uses by default, and the names people type for IANA's services.  Either
# may be set empty to build from the registry alone.
COMMON = data/common-uses.csv
ALIASES = data/aliases.csv

CMOCKA_CFLAGS = $$(pkg-config --cflags cmocka)
CMOCKA_LIBS = $$(pkg-config --libs cmocka)

# The library, one module a line; main.c is the program itself, and
# mktable.c the build-time table compiler (mkindex.c its indexes for
# suggestions), which shares the CSV reader and the record rules (csv.c,
# fields.c) with the reader of label files, and the escaping of what its
# messages quote (escape.c, out.c).
HOST_SRC = src/csv.c src/escape.c src/fields.c src/mkindex.c src/mktable.c \
	src/out.c
# The local view (-L, --listening, --free) reads Linux's sock_diag and
# procfs (src/local_linux.c).  A port to a system without them builds with
# LOCAL=none: those options then say so and exit 2, and the tests of the
# local view are skipped.
LOCAL = procfs
LOCAL_SRC_procfs = src/local_linux.c
LOCAL_SRC_none = src/local_none.c
LOCAL_TESTS_none = $(B)/test_local
LIB_SRC = \
	src/annotate.c \
	src/answer.c \
	src/csv.c \
	src/escape.c \
	src/expose.c \
	src/extract.c \
	src/extract_addr.c \
	src/extract_rules.c \
	src/fields.c \
	src/format.c \
	src/host.c \
	src/human.c \
	src/input.c \
	src/labels.c \
	src/local.c \
	src/meaning.c \
	src/options.c \
	src/out.c \
	src/portinfo.c \
	src/procnet.c \
	src/query.c \
	src/suggest.c \
	src/wait.c \
	$(LOCAL_SRC_$(LOCAL))
LIB_OBJ = $(LIB_SRC:src/%.c=$(B)/%.o) $(B)/table.o
TESTS = $(filter-out $(LOCAL_TESTS_$(LOCAL)),\
	$(patsubst tests/%.c,$(B)/%,$(wildcard tests/test_*.c)))

all: $(PROG)

$(PROG): $(B)/main.o $(B)/libportinfo.a
	$(CC) $(PI_CFLAGS) $(LDFLAGS) -o $@ $(B)/main.o $(B)/libportinfo.a

$(B)/libportinfo.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(B)/%.o: src/%.c src/*.h include/portinfo.h | $(B)
	$(CC) $(PI_CPPFLAGS) $(PI_CFLAGS) -c -o $@ $<

# The table is generated, never committed.  mktable writes it whole or not
# at all, so a failed run leaves nothing for the next make to pick up.
$(B)/table.c: $(B)/mktable $(DATA) $(COMMON) $(ALIASES)
	$(B)/mktable $(COMMON:%=-c %) $(ALIASES:%=-a %) -o $@ $(DATA)

$(B)/table.o: $(B)/table.c src/table.h src/index.h
	$(CC) $(PI_CPPFLAGS) $(PI_CFLAGS) -c -o $@ $(B)/table.c

$(B)/mktable: $(HOST_SRC) src/ascii.h src/csv.h src/escape.h src/fields.h \
    src/grow.h src/index.h src/inline.h src/out.h src/table.h src/utf8.h \
    include/portinfo.h | $(B)
	$(HOSTCC) $(BASE_CPPFLAGS) $(HOST_CPPFLAGS) $(WARNINGS) $(HOST_CFLAGS) \
	    $(HOST_LDFLAGS) -o $@ $(HOST_SRC)

$(B):
	mkdir -p $@

# Where the program looks for the site's labels.  Rewritten only when
# SYSCONFDIR changes, so that "make install SYSCONFDIR=..." rebuilds what
# uses it and nothing else.
$(B)/sysconfdir.h: FORCE | $(B)
	@printf '#define PI_SYSCONFDIR "%s"\n' '$(SYSCONFDIR)' >$@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
$(B)/labels.o: $(B)/sysconfdir.h
FORCE:

# Refreshes data/services.csv from a new export of IANA's registry:
#   make update-data IANA=path/to/service-names-port-numbers.csv
update-data: $(B)/mktable
	@test -n "$(IANA)" || { echo "usage: make update-data IANA=file.csv" >&2; exit 2; }
	$(B)/mktable -d -o $(DATA) $(IANA)

# make check -jN runs N tests at a time (JOBS), their output shown in
# order once all have run.
CHECK_JOBS = $(or $(patsubst -j%,%,$(filter -j%,$(MAKEFLAGS))),1)

check: check-cmocka $(PROG) $(TESTS) $(B)/mktable $(B)/holdports
	@PORTINFO=./$(PROG) MKTABLE=$(B)/mktable B=$(B) RUN='$(RUN)' MAKE='$(MAKE)' \
	    SANITIZERS='$(SANITIZERS)' LOCAL=$(LOCAL) JOBS=$(CHECK_JOBS) \
	    sh tests/run.sh $(TESTS)

# The build for a system without procfs, in a directory of its own,
# warnings as errors, with the suite run on it.
check-local-none:
	$(MAKE) B=build-none PROG=build-none/portinfo LOCAL=none \
	    CFLAGS='$(CFLAGS) -Werror' check

# What the tests need beyond a compiler and make: cmocka, found with
# pkg-config.  check only looks for them; test-deps installs them
# (as root: sudo make test-deps check).
TEST_DEBS = libcmocka-dev pkg-config
TEST_DEPS_ELSEWHERE = \
	echo "  dnf install libcmocka-devel pkgconf-pkg-config  (Fedora)"; \
	echo "  brew install cmocka pkg-config                  (macOS)"

test-deps:
	@if command -v apt-get >/dev/null 2>&1; then \
	    dpkg-query -W -f='$${Status}\n' $(TEST_DEBS) 2>/dev/null | \
	    grep -c 'ok installed' | grep -qx 2 || \
	    apt-get install -y $(TEST_DEBS) || \
	    { apt-get update && apt-get install -y $(TEST_DEBS); }; \
	else \
	    echo "make test-deps knows apt-get only; install cmocka and"; \
	    echo "pkg-config with your system's packages, for example:"; \
	    $(TEST_DEPS_ELSEWHERE); exit 1; \
	fi

check-cmocka:
	@command -v pkg-config >/dev/null 2>&1 || { \
	    echo "make check needs pkg-config, to find cmocka; install it"; \
	    echo "with 'sudo make test-deps' or one of:"; \
	    echo "  apt-get install libcmocka-dev pkg-config        (Debian, Ubuntu)"; \
	    $(TEST_DEPS_ELSEWHERE); exit 1; } >&2
	@pkg-config --exists cmocka || { \
	    echo "make check needs cmocka; install it with"; \
	    echo "'sudo make test-deps' or one of:"; \
	    echo "  apt-get install libcmocka-dev pkg-config        (Debian, Ubuntu)"; \
	    $(TEST_DEPS_ELSEWHERE); exit 1; } >&2

$(B)/test_%: tests/test_%.c $(B)/libportinfo.a $(wildcard tests/*.h) \
    | check-cmocka
	$(CC) $(PI_CPPFLAGS) $(CMOCKA_CFLAGS) $(PI_CFLAGS) $(LDFLAGS) -o $@ \
	    $< $(B)/libportinfo.a $(CMOCKA_LIBS)

# Holds ports open for the end-to-end tests of the local view.
$(B)/holdports: tests/holdports.c | $(B)
	$(CC) $(PI_CPPFLAGS) $(PI_CFLAGS) $(LDFLAGS) -o $@ tests/holdports.c

# The whole suite again, built with sanitizers or run under valgrind.
# SANITIZERS tells the tests which are built in, so that they leave out
# the measurements that the sanitizers' own memory would distort.
SAN_LIST = address,undefined
SAN_CFLAGS = -fsanitize=$(SAN_LIST) -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -g -O1
VALGRIND = valgrind --error-exitcode=1 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect -q

check-asan:
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    $(MAKE) B=build-asan PROG=build-asan/portinfo CC=clang \
	    SANITIZERS=$(SAN_LIST) CFLAGS='$(SAN_CFLAGS)' \
	    HOST_CFLAGS='$(SAN_CFLAGS)' check

# A build of its own, with debugging information valgrind can read
# whatever the compiler's default DWARF version.
check-valgrind:
	$(MAKE) B=build-valgrind PROG=build-valgrind/portinfo \
	    CFLAGS='-O1 -g -gdwarf-4' HOST_CFLAGS='-O1 -g -gdwarf-4' \
	    RUN='$(VALGRIND)' check

# libFuzzer harnesses, tests/fuzz/fuzz_NAME.c, seeded by tests/fuzz/corpus_NAME/.
# Each is linked with the library, CSV reader included, all instrumented.
# fuzz-smoke runs each on a copy of its corpus, so the tree stays as is,
# for a fixed number of inputs from a fixed seed: the same inputs on every
# run however busy the machine, so that it passes or fails the same way.
# Longer runs: make fuzz-smoke FUZZ_RUNS=10000000 FUZZ_SEED=$$RANDOM.
FUZZ_NAMES = $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_CFLAGS = -fsanitize=fuzzer-no-link,address,undefined -g -O1
FUZZ_RUNS = 100000
FUZZ_SEED = 1
# Inputs up to a few registry records, or a few lines of queries.
FUZZ_MAX_LEN = 4096
FUZZ_MAX_LEN_query = 1024

fuzz:
	$(MAKE) B=build-fuzz CC=clang CFLAGS='$(FUZZ_CFLAGS)' \
	    $(FUZZ_NAMES:%=build-fuzz/fuzz_%)

$(B)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(B)/libportinfo.a
	$(CC) $(PI_CPPFLAGS) $(PI_CFLAGS) -fsanitize=fuzzer $(LDFLAGS) -o $@ \
	    $< $(B)/libportinfo.a

fuzz-smoke: $(FUZZ_NAMES:%=fuzz-smoke-%)

fuzz-smoke-%: fuzz
	rm -rf build-fuzz/corpus_$*
	cp -R tests/fuzz/corpus_$* build-fuzz/corpus_$*
	build-fuzz/fuzz_$* -runs=$(FUZZ_RUNS) -seed=$(FUZZ_SEED) \
	    -max_len=$(or $(FUZZ_MAX_LEN_$*),$(FUZZ_MAX_LEN)) \
	    -artifact_prefix=build-fuzz/ -print_final_stats=1 \
	    build-fuzz/corpus_$*

# A fully static program linked with musl (musl-gcc, from Debian's
# musl-tools): one file that runs on any Linux, in an empty container
# too.  Its do-nothing program is built the same way, for the benchmark;
# check-static runs the end-to-end tests on it.  Both are stripped: the
# static file is what is copied into an image, where debugging
# information is only weight.
MUSL_CC = musl-gcc
STATIC_B = build-static
STATIC_PROG = $(STATIC_B)/portinfo
# musl-gcc sees musl's headers only; the local view also needs the
# kernel's (linux/, asm/), which $(STATIC_B)/kernel links to the system's.
KERNEL_INCLUDE = /usr/include
KERNEL_ARCH = $$($(HOSTCC) -print-multiarch 2>/dev/null)
STATIC_MAKE = $(MAKE) B=$(STATIC_B) PROG=$(STATIC_PROG) CC=$(MUSL_CC) \
	LDFLAGS='$(LDFLAGS) -static -s' HOSTCC='$(HOSTCC)' \
	CPPFLAGS='$(CPPFLAGS) -isystem $(STATIC_B)/kernel'

static:
	@command -v $(MUSL_CC) >/dev/null 2>&1 || { \
	    echo "make static needs musl-gcc; install it with one of:"; \
	    echo "  apt-get install musl-tools   (Debian, Ubuntu)"; \
	    echo "  dnf install musl-gcc         (Fedora)"; \
	    echo "or name another: make static MUSL_CC=path/to/musl-gcc"; \
	    exit 1; } >&2
	mkdir -p $(STATIC_B)/kernel
	ln -sfn $(KERNEL_INCLUDE)/linux $(STATIC_B)/kernel/linux
	ln -sfn $(KERNEL_INCLUDE)/asm-generic $(STATIC_B)/kernel/asm-generic
	arch=$(KERNEL_ARCH); ln -sfn $(KERNEL_INCLUDE)/$${arch:+$$arch/}asm \
	    $(STATIC_B)/kernel/asm
	+$(STATIC_MAKE) $(STATIC_PROG) $(STATIC_B)/noop

check-static: static
	+$(STATIC_MAKE) $(STATIC_B)/mktable $(STATIC_B)/holdports
	@PORTINFO=$(STATIC_PROG) MKTABLE=$(STATIC_B)/mktable B=$(STATIC_B) \
	    STATIC=yes MAKE='$(MAKE)' sh tests/run.sh

# The speed benchmark; not part of check, since no test may fail on a
# timer.  BENCHFLAGS passes options to it, e.g. BENCHFLAGS='-n 1000', or
# BENCHFLAGS='-o OLD' to measure an earlier build OLD beside this one.
# The static build is measured too once make static has built it.
bench: $(PROG) $(B)/bench $(B)/noop $(B)/lookup
	$(B)/bench -l $(B)/lookup $(BENCHFLAGS) ./$(PROG) $(B)/noop \
	    $(and $(wildcard $(STATIC_PROG)),$(wildcard $(STATIC_B)/noop), \
	    $(STATIC_PROG) $(STATIC_B)/noop)

# The local view on a busy host that the benchmark makes itself, beside
# ss(8); BUSYFLAGS passes options, e.g. BUSYFLAGS='-P 50 -F 1000', or
# BUSYFLAGS='-P 200 -S 99 -F 0 -C 0 -o OLD' for 20,000 listening sockets
# with an old build OLD measured beside.
bench-host: $(PROG) $(B)/busyhost
	$(B)/busyhost $(BUSYFLAGS) ./$(PROG)

$(B)/busyhost: tests/bench/busyhost.c | $(B)
	$(CC) $(PI_CPPFLAGS) $(PI_CFLAGS) $(LDFLAGS) -o $@ tests/bench/busyhost.c

# The floor is built exactly as the program is, so that the two differ
# only in what portinfo does.
$(B)/noop: tests/bench/noop.c | $(B)
	$(CC) $(PI_CPPFLAGS) $(PI_CFLAGS) $(LDFLAGS) -o $@ tests/bench/noop.c

# The table's share of start-up: its lookup and portinfo's system calls,
# built as the program is.
$(B)/lookup: tests/bench/lookup.c $(B)/libportinfo.a
	$(CC) $(PI_CPPFLAGS) $(PI_CFLAGS) $(LDFLAGS) -o $@ tests/bench/lookup.c \
	    $(B)/libportinfo.a

$(B)/bench: tests/bench/bench.c | $(B)
	$(CC) $(PI_CPPFLAGS) $(PI_CFLAGS) $(LDFLAGS) -o $@ tests/bench/bench.c

# The program, its manual and its shell completions.
INSTALLED = $(BINDIR)/portinfo $(MANDIR)/man1/portinfo.1 \
	$(BASHCOMPDIR)/portinfo $(ZSHCOMPDIR)/_portinfo \
	$(FISHCOMPDIR)/portinfo.fish

# make install installs the program built last: the static one after
# make static, unless the dynamic one was built again since.  Either is
# brought up to date first, with its sources, its table and SYSCONFDIR;
# the static one by make static.
INSTALL_PROG = $(shell [ -f $(STATIC_PROG) ] && \
	! [ $(PROG) -nt $(STATIC_PROG) ] && echo $(STATIC_PROG) || echo $(PROG))

install: $(patsubst $(STATIC_PROG),static,$(INSTALL_PROG))
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
	    $(DESTDIR)$(FISHCOMPDIR)
	cp $(INSTALL_PROG) $(DESTDIR)$(BINDIR)/portinfo
	cp man/portinfo.1 $(DESTDIR)$(MANDIR)/man1/portinfo.1
	cp src/completion/portinfo.bash $(DESTDIR)$(BASHCOMPDIR)/portinfo
	cp src/completion/_portinfo $(DESTDIR)$(ZSHCOMPDIR)/_portinfo
	cp src/completion/portinfo.fish $(DESTDIR)$(FISHCOMPDIR)/portinfo.fish
	chmod 644 $(INSTALLED:%=$(DESTDIR)%)
	chmod 755 $(DESTDIR)$(BINDIR)/portinfo

uninstall:
	rm -f $(INSTALLED:%=$(DESTDIR)%)

# A release: the tracked files, as they are in the work tree, in
# portinfo-VERSION.tar.gz (into DISTDIR); distcheck unpacks it apart,
# builds it, runs its tests and installs it, so that a file the build
# needs and git does not track fails here rather than at a packager's.
DIST = portinfo-$(VERSION)
DISTDIR = .

dist:
	@git rev-parse --is-inside-work-tree >/dev/null 2>&1 || { \
	    echo "make dist packs the files git tracks: run it in a git"; \
	    echo "checkout (a release tarball is one already)"; exit 1; } >&2
	tree=$$(git stash create) && \
	    git archive --format=tar --prefix=$(DIST)/ $${tree:-HEAD} | \
	    gzip -9n >$(DISTDIR)/$(DIST).tar.gz.tmp
	mv $(DISTDIR)/$(DIST).tar.gz.tmp $(DISTDIR)/$(DIST).tar.gz

DISTCHECK = build/distcheck
distcheck:
	rm -rf $(DISTCHECK)
	mkdir -p $(DISTCHECK)
	$(MAKE) dist DISTDIR=$(DISTCHECK)
	cd $(DISTCHECK) && gzip -dc $(DIST).tar.gz | tar -xf -
	cd $(DISTCHECK)/$(DIST) && $(MAKE) && $(MAKE) check && \
	    $(MAKE) install DESTDIR="$$(pwd)/../stage" PREFIX=/usr
	$(DISTCHECK)/stage/usr/bin/portinfo -V
	for f in share/man/man1/portinfo.1 share/bash-completion/completions/portinfo \
	    share/zsh/site-functions/_portinfo \
	    share/fish/vendor_completions.d/portinfo.fish; do \
	    test -s $(DISTCHECK)/stage/usr/$$f || { \
	    echo "distcheck: $$f was not installed" >&2; exit 1; }; done
	@echo "$(DIST).tar.gz: builds, passes its tests and installs"

clean:
	rm -rf $(PROG) build build-*

.PHONY: FORCE all bench bench-host check check-cmocka test-deps static \
	check-static check-asan check-local-none check-valgrind fuzz \
	fuzz-smoke install uninstall clean update-data dist distcheck
.DELETE_ON_ERROR:
.SECONDARY:
