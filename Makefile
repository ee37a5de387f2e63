# portinfo: port numbers and service names, from IANA's registry.

VERSION = 1.0.0

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man

CFLAGS ?= -O2 -g
HOSTCC ?= $(CC)
WARNINGS = -std=c11 -Wall -Wextra -Wpedantic
PI_CPPFLAGS = -Iinclude -Isrc -D_POSIX_C_SOURCE=200809L \
	-DPI_VERSION='"$(VERSION)"' $(CPPFLAGS)
PI_CFLAGS = $(WARNINGS) $(CFLAGS)

# Everything built goes below $(B), the program aside; check-asan uses
# another $(B) so that both builds can live side by side.
B = build
PROG = portinfo
DATA = data/services.csv

CMOCKA_CFLAGS = $$(pkg-config --cflags cmocka)
CMOCKA_LIBS = $$(pkg-config --libs cmocka)

# The library and the command's modules; main.c is the program itself,
# csv.c and mktable.c are the build-time table compiler.
HOST_SRC = src/csv.c src/mktable.c
LIB_SRC = $(filter-out src/main.c $(HOST_SRC),$(wildcard src/*.c))
LIB_OBJ = $(LIB_SRC:src/%.c=$(B)/%.o) $(B)/table.o
TESTS = $(patsubst tests/%.c,$(B)/%,$(wildcard tests/test_*.c))

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
$(B)/table.c: $(B)/mktable $(DATA)
	$(B)/mktable -o $@ $(DATA)

$(B)/table.o: $(B)/table.c src/table.h
	$(CC) $(PI_CPPFLAGS) $(PI_CFLAGS) -c -o $@ $(B)/table.c

$(B)/mktable: $(HOST_SRC) src/csv.h | $(B)
	$(HOSTCC) $(PI_CPPFLAGS) $(PI_CFLAGS) $(LDFLAGS) -o $@ $(HOST_SRC)

$(B):
	mkdir -p $@

# Refreshes data/services.csv from a new export of IANA's registry:
#   make update-data IANA=path/to/service-names-port-numbers.csv
update-data: $(B)/mktable
	@test -n "$(IANA)" || { echo "usage: make update-data IANA=file.csv" >&2; exit 2; }
	$(B)/mktable -d -o $(DATA) $(IANA)

check: check-cmocka $(PROG) $(TESTS) $(B)/mktable $(B)/holdports
	@PORTINFO=./$(PROG) MKTABLE=$(B)/mktable B=$(B) \
	    sh tests/run.sh $(TESTS)

check-cmocka:
	@pkg-config --exists cmocka || { \
	    echo "make check needs cmocka; install it with one of:"; \
	    echo "  apt-get install libcmocka-dev   (Debian, Ubuntu)"; \
	    echo "  dnf install libcmocka-devel     (Fedora)"; \
	    echo "  brew install cmocka             (macOS)"; \
	    exit 1; } >&2

$(B)/test_%: tests/test_%.c $(B)/libportinfo.a $(B)/csv.o $(wildcard tests/*.h)
	$(CC) $(PI_CPPFLAGS) $(CMOCKA_CFLAGS) $(PI_CFLAGS) $(LDFLAGS) -o $@ \
	    $< $(B)/libportinfo.a $(B)/csv.o $(CMOCKA_LIBS)

# Holds ports open for the end-to-end tests of the local view.
$(B)/holdports: tests/holdports.c | $(B)
	$(CC) $(PI_CPPFLAGS) $(PI_CFLAGS) $(LDFLAGS) -o $@ tests/holdports.c

$(B)/csv.o: src/csv.c src/csv.h | $(B)
	$(CC) $(PI_CPPFLAGS) $(PI_CFLAGS) -c -o $@ src/csv.c

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

.PHONY: all check check-cmocka install uninstall clean update-data
.DELETE_ON_ERROR:
.SECONDARY:
