# portinfo: port numbers and service names, from IANA's registry.

VERSION = 1.0.0

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
# The site's label file is SYSCONFDIR/portinfo/services.csv: /etc for a
# system install (PREFIX=/usr), PREFIX/etc otherwise.
SYSCONFDIR ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)

CFLAGS ?= -O2 -g
HOSTCC ?= $(CC)
WARNINGS = -std=c11 -Wall -Wextra -Wpedantic
PI_CPPFLAGS = -Iinclude -Isrc -I$(B) -D_POSIX_C_SOURCE=200809L \
	-DPI_VERSION='"$(VERSION)"' $(CPPFLAGS)
PI_CFLAGS = $(WARNINGS) $(CFLAGS)

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

# The library and the command's modules; main.c is the program itself,
# mktable.c the build-time table compiler, which shares the CSV reader and
# the record rules (csv.c, fields.c) with the reader of label files.
HOST_SRC = src/csv.c src/fields.c src/mktable.c
# The local view (-L, --listening, --free) reads Linux's procfs.  A port
# to a system without it builds with LOCAL=none: those options then say
# so and exit 2, and the tests of the local view are skipped.
LOCAL = procfs
LOCAL_SRC_procfs = src/local_procfs.c
LOCAL_SRC_none = src/local_none.c
LOCAL_TESTS_none = $(B)/test_local
LOCAL_SRCS = $(LOCAL_SRC_procfs) $(LOCAL_SRC_none)
LIB_SRC = $(filter-out src/main.c src/mktable.c $(LOCAL_SRCS),\
	$(wildcard src/*.c)) $(LOCAL_SRC_$(LOCAL))
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

$(B)/table.o: $(B)/table.c src/table.h
	$(CC) $(PI_CPPFLAGS) $(PI_CFLAGS) -c -o $@ $(B)/table.c

$(B)/mktable: $(HOST_SRC) src/csv.h src/fields.h src/plain.h src/table.h \
    include/portinfo.h | $(B)
	$(HOSTCC) $(PI_CPPFLAGS) $(PI_CFLAGS) $(LDFLAGS) -o $@ $(HOST_SRC)

$(B):
	mkdir -p $@

# Where the program looks for the site's labels.  Rewritten only when
# SYSCONFDIR changes, so that "make install SYSCONFDIR=..." rebuilds what
# uses it and nothing else.
$(B)/sysconfdir.h: FORCE | $(B)
	@printf '#define PI_SYSCONFDIR "%s"\n' '$(SYSCONFDIR)' >$@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
$(B)/labelpath.o: $(B)/sysconfdir.h
FORCE:

# Refreshes data/services.csv from a new export of IANA's registry:
#   make update-data IANA=path/to/service-names-port-numbers.csv
update-data: $(B)/mktable
	@test -n "$(IANA)" || { echo "usage: make update-data IANA=file.csv" >&2; exit 2; }
	$(B)/mktable -d -o $(DATA) $(IANA)

check: check-cmocka $(PROG) $(TESTS) $(B)/mktable $(B)/holdports
	@PORTINFO=./$(PROG) MKTABLE=$(B)/mktable B=$(B) RUN='$(RUN)' MAKE='$(MAKE)' \
	    SANITIZERS='$(SANITIZERS)' LOCAL=$(LOCAL) sh tests/run.sh $(TESTS)

# The build for a system without procfs, in a directory of its own,
# warnings as errors, with the suite run on it.
check-local-none:
	$(MAKE) B=build-none PROG=build-none/portinfo LOCAL=none \
	    CFLAGS='$(CFLAGS) -Werror' check

check-cmocka:
	@pkg-config --exists cmocka || { \
	    echo "make check needs cmocka; install it with one of:"; \
	    echo "  apt-get install libcmocka-dev   (Debian, Ubuntu)"; \
	    echo "  dnf install libcmocka-devel     (Fedora)"; \
	    echo "  brew install cmocka             (macOS)"; \
	    exit 1; } >&2

$(B)/test_%: tests/test_%.c $(B)/libportinfo.a $(wildcard tests/*.h)
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
	    SANITIZERS=$(SAN_LIST) CFLAGS='$(SAN_CFLAGS)' check

# A build of its own, with debugging information valgrind can read
# whatever the compiler's default DWARF version.
check-valgrind:
	$(MAKE) B=build-valgrind PROG=build-valgrind/portinfo \
	    CFLAGS='-O1 -g -gdwarf-4' RUN='$(VALGRIND)' check

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

# The speed benchmark; not part of check, since no test may fail on a
# timer.  BENCHFLAGS passes options to it, e.g. BENCHFLAGS='-n 1000'.
bench: $(PROG) $(B)/bench $(B)/noop
	$(B)/bench $(BENCHFLAGS) ./$(PROG) $(B)/noop

# The local view on a busy host that the benchmark makes itself, beside
# ss(8); BUSYFLAGS passes options, e.g. BUSYFLAGS='-P 50 -F 1000'.
bench-host: $(PROG) $(B)/busyhost
	$(B)/busyhost $(BUSYFLAGS) ./$(PROG)

$(B)/busyhost: tests/bench/busyhost.c | $(B)
	$(CC) $(PI_CPPFLAGS) $(PI_CFLAGS) $(LDFLAGS) -o $@ tests/bench/busyhost.c

# The floor is built exactly as the program is, so that the two differ
# only in what portinfo does.
$(B)/noop: tests/bench/noop.c | $(B)
	$(CC) $(PI_CPPFLAGS) $(PI_CFLAGS) $(LDFLAGS) -o $@ tests/bench/noop.c

$(B)/bench: tests/bench/bench.c | $(B)
	$(CC) $(PI_CPPFLAGS) $(PI_CFLAGS) $(LDFLAGS) -o $@ tests/bench/bench.c

install: $(PROG)
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	cp $(PROG) $(DESTDIR)$(BINDIR)/portinfo
	chmod 755 $(DESTDIR)$(BINDIR)/portinfo
	cp man/portinfo.1 $(DESTDIR)$(MANDIR)/man1/portinfo.1
	chmod 644 $(DESTDIR)$(MANDIR)/man1/portinfo.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/portinfo $(DESTDIR)$(MANDIR)/man1/portinfo.1

clean:
	rm -rf $(PROG) build build-*

.PHONY: FORCE all bench bench-host check check-cmocka check-asan \
	check-local-none check-valgrind fuzz \
	fuzz-smoke install uninstall clean update-data
.DELETE_ON_ERROR:
.SECONDARY:
