/*
 * Suggestions for names that find nothing: transpositions, completions,
 * the distance allowed short and long names, labels as candidates, the
 * order, the description-word fallback, noise, the ports of a
 * suggestion; and, against a plain search of every name the table holds
 * written here again from the rule of suggest.h, the answers for
 * hundreds of misspelt, cut short and random names, which checks that
 * the indexes built into the table miss nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "labels.h"
#include "suggest.h"
#include "table.h"

/*
 * The suggestions for q, which a lookup of searched did not find,
 * comma-joined, in a static buffer.
 */
static const char *
joined_in(const char *q, struct pi_labels *labels, unsigned searched,
    int *search)
{
	static char buf[512];
	struct pi_suggestions s;
	size_t i, n = 0;

	pi_suggest(&s, q, strlen(q), labels, searched);
	buf[0] = '\0';
	for (i = 0; i < s.n; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s",
		    i ? "," : "", s.names[i]);
	if (search != NULL)
		*search = s.search;
	return buf;
}

static const char *
joined(const char *q, struct pi_labels *labels, int *search)
{
	return joined_in(q, labels, PI_ALL, search);
}

static const char *
suggest(const char *q)
{
	return joined(q, NULL, NULL);
}

/* Whether the comma-joined list holds name. */
static int
has(const char *list, const char *name)
{
	size_t len = strlen(name);
	const char *p;

	for (p = list; (p = strstr(p, name)) != NULL; p += len) {
		if ((p == list || p[-1] == ',') &&
		    (p[len] == ',' || p[len] == '\0'))
			return 1;
	}
	return 0;
}

static void
test_transpositions(void **state)
{
	(void)state;
	assert_string_equal(suggest("psotgresql"), "postgresql");
	assert_true(has(suggest("kakfa"), "kafka"));
	assert_true(has(suggest("rdeis"), "redis"));
	/* A transposition is one edit: in reach of a 3-character name. */
	assert_true(has(suggest("shs"), "ssh"));
}

static void
test_prefixes(void **state)
{
	(void)state;
	assert_true(strncmp(suggest("elastic"), "elasticsearch", 13) == 0);
	assert_true(strncmp(suggest("mongo"), "mongodb,", 8) == 0);
	/* The fewest characters added first. */
	assert_true(strncmp(suggest("kube"), "kubelet,kube-apiserver", 22) ==
	    0);
	assert_true(strncmp(suggest("grafan"), "grafana", 7) == 0);
	/* Two characters complete nothing. */
	assert_false(has(suggest("gr"), "grafana"));
}

static void
test_case(void **state)
{
	char lower[512];

	(void)state;
	snprintf(lower, sizeof(lower), "%s", suggest("postgress"));
	assert_string_equal(suggest("PostGress"), lower);
}

/*
 * Distance 1 up to 4 characters typed, 2 beyond: ssh is one edit from
 * "sshx", two from "ssxx" (4 characters) and from "sxssh" (5).
 */
static void
test_short_names(void **state)
{
	(void)state;
	assert_true(has(suggest("sshx"), "ssh"));
	assert_false(has(suggest("ssxx"), "ssh"));
	assert_true(has(suggest("sxssh"), "ssh"));
	assert_true(has(suggest("smxtpx"), "smtp"));
}

static void
test_noise(void **state)
{
	int search = 1;

	(void)state;
	assert_string_equal(joined("qqqqqqqqqq", NULL, &search), "");
	assert_int_equal(search, 0);
	assert_string_equal(suggest(""), "");
	assert_string_equal(suggest("x\0y"), "");
}

static void
test_too_long(void **state)
{
	char q[PI_SUGGEST_LONGEST + 2];

	(void)state;
	memset(q, 'a', sizeof(q) - 1);
	q[sizeof(q) - 1] = '\0';
	assert_string_equal(suggest(q), "");
}

/*
 * The order: distance 1, completions, distance 2, words; names with a
 * port before those without; registry order within.
 */
/* Each suggestion as text too, for a record's field. */
static void
test_names(void **state)
{
	struct pi_suggestions s;
	size_t i;

	(void)state;
	pi_suggest(&s, "mongo", 5, NULL, PI_ALL);
	assert_int_equal(s.n, 3);
	for (i = 0; i < s.n; i++)
		assert_ptr_equal(s.names[i], s.text[i]);
	assert_string_equal(s.names[0], "mongodb");
}

static void
test_ranking(void **state)
{
	(void)state;
	/* postgres (an alias) is 1 edit away, postgresql 2. */
	assert_string_equal(suggest("postgress"), "postgres,postgresql");
	assert_true(strncmp(suggest("mysqld"), "mysql,", 6) == 0);
	/* prm is one edit from "prom" but has no port. */
	assert_true(strncmp(suggest("prom"), "prometheus,", 11) == 0);
	assert_true(has(suggest("prom"), "prm"));
	/* memcache: deleting a character of "memcached". */
	assert_true(strncmp(suggest("memcached"), "memcache", 8) == 0);
}

static void
test_words(void **state)
{
	int search = 0;
	const char *s;

	(void)state;
	s = joined("kubernetes", NULL, &search);
	assert_true(has(s, "kube-apiserver"));
	assert_int_equal(search, 1);
	/* A name that begins with it comes first. */
	assert_true(strncmp(s, "kubernetes-nodeport,", 20) == 0);
	joined("Apache", NULL, &search);
	assert_int_equal(search, 1);
	/* Only whole words: "kubernet" is in no description as a word. */
	joined("kubernet", NULL, &search);
	assert_int_equal(search, 0);
}

/* The ports of the first suggestion for q, unfound by searched. */
static struct pi_suggestion_ports
first_ports_in(const char *q, struct pi_labels *labels, unsigned searched)
{
	struct pi_suggestions s;
	struct pi_suggestion_ports p;

	pi_suggest(&s, q, strlen(q), labels, searched);
	assert_true(s.n > 0);
	pi_suggestion_ports(&p, s.names[0], labels, s.searched);
	return p;
}

static struct pi_suggestion_ports
first_ports(const char *q, struct pi_labels *labels)
{
	return first_ports_in(q, labels, PI_ALL);
}

static void
test_ports(void **state)
{
	struct pi_suggestion_ports p;

	(void)state;
	p = first_ports("psotgresql", NULL);
	assert_true(p.has_port);
	assert_int_equal(p.port, 5432);
	assert_int_equal(p.more, 0);
	/* UPnP is a common use on 1900 besides IANA's name without one. */
	p = first_ports("upnpp", NULL);
	assert_int_equal(p.port, 1900);
	p = first_ports("consull", NULL);
	assert_int_equal(p.port, 8300);
	assert_int_equal(p.more, 1);
	p = first_ports("kubernetes", NULL);
	assert_int_equal(p.port, 30000);
	assert_int_equal(p.port_end, 32767);
}

/*
 * Only names that the lookup finds, with the ports it finds: with
 * --iana no common use (prometheus) and no alias (postgres); with -p a
 * name of its protocols (ssh has no dccp record, prometheus only tcp).
 */
static void
test_searched(void **state)
{
	struct pi_suggestion_ports p;

	(void)state;
	assert_true(has(suggest("promethus"), "prometheus"));
	assert_false(has(joined_in("promethus", NULL, PI_PROTO_ANY, NULL),
	    "prometheus"));
	assert_true(strncmp(suggest("postgre"), "postgres,postgresql,", 20) ==
	    0);
	assert_string_equal(joined_in("postgre", NULL, PI_PROTO_ANY, NULL),
	    "postgresql");
	assert_true(has(suggest("shh"), "ssh"));
	assert_false(has(joined_in("shh", NULL, PI_DCCP | PI_COMMON, NULL),
	    "ssh"));
	assert_false(has(joined_in("promethus", NULL, PI_UDP | PI_COMMON,
	    NULL), "prometheus"));
	assert_true(has(joined_in("promethus", NULL, PI_TCP | PI_COMMON,
	    NULL), "prometheus"));
	/* consul's lowest udp port; mongodb's one IANA port. */
	p = first_ports_in("consull", NULL, PI_UDP | PI_COMMON);
	assert_int_equal(p.port, 8301);
	p = first_ports_in("mongodbb", NULL, PI_PROTO_ANY);
	assert_int_equal(p.port, 27017);
	assert_int_equal(p.more, 0);
}

static void
test_labels(void **state)
{
	char dir[] = "/tmp/test_suggest.XXXXXX", path[64];
	struct pi_label_file f = { path, PI_SOURCE_FILE, 0 };
	struct pi_labels *set = NULL;
	struct pi_suggestion_ports p;
	int search = 0;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/services.csv", dir);
	assert_non_null(fp = fopen(path, "w"));
	fputs("Service Name,Port Number,Transport Protocol,Description\n"
	    "team-billing,8443,tcp,Billing\n"
	    "postgresq,15432,tcp,A label a letter short\n"
	    "team-billing-and-invoicing-and-reporting-and-everything-else-too"
	    "-x,8444,tcp,A name longer than any typed\n"
	    "qq-svc,7411,tcp,Zebrafoo thing (xquuxy2)\n"
	    ",7412,tcp,Zebrafoo without a name\n", fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(pi_labels_load(&set, &f, 1, stderr), 0);
	assert_string_equal(joined("team-biling", set, NULL), "team-billing");
	p = first_ports("team-biling", set);
	assert_int_equal(p.port, 8443);
	/* A label comes after the table's names of the same kind. */
	assert_string_equal(joined("postgresqk", set, NULL),
	    "postgresql,postgresq,postgres");
	assert_true(has(suggest("team-bill"), "team-billing") == 0);
	assert_true(has(joined("team-bill", set, NULL), "team-billing"));
	/* Nor is a name longer than any typed suggested. */
	assert_string_equal(joined("team-billing-and", set, NULL), "");
	/* The words of a label's description, as the registry's; a label
	   without a name is no suggestion, by word or by edit. */
	assert_string_equal(joined("zebrafoo", set, &search), "qq-svc");
	assert_int_equal(search, 1);
	assert_string_equal(joined("q", set, NULL), "nq");
	assert_string_equal(joined("XQuuxy2", set, &search), "qq-svc");
	assert_int_equal(search, 1);
	joined("quuxy2", set, &search);
	assert_int_equal(search, 0);
	joined("zebrafo", set, &search);
	assert_int_equal(search, 0);
	/* A name of another protocol is not suggested; -s finds it. */
	assert_string_equal(joined_in("zebrafoo", set, PI_UDP | PI_COMMON,
	    &search), "");
	assert_int_equal(search, 1);
	pi_labels_free(set);
	unlink(path);
	rmdir(dir);
}

/* The rule again, plainly, over every name of the table. */

#define ORACLE_PORTLESS	(UINT64_C(1) << 63)

static int
fold(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Optimal string alignment distance, by the textbook matrix. */
static unsigned
osa(const char *a, size_t m, const char *b, size_t n)
{
	static unsigned d[80][80];
	size_t i, j;
	unsigned v;

	if (m >= 80 || n >= 80)
		return 99;
	for (i = 0; i <= m; i++)
		d[i][0] = (unsigned)i;
	for (j = 0; j <= n; j++)
		d[0][j] = (unsigned)j;
	for (i = 1; i <= m; i++) {
		for (j = 1; j <= n; j++) {
			v = d[i - 1][j - 1] +
			    (fold(a[i - 1]) != fold(b[j - 1]));
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 &&
			    fold(a[i - 1]) == fold(b[j - 2]) &&
			    fold(a[i - 2]) == fold(b[j - 1]) &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[m][n];
}

struct best {
	const char *name[PI_SUGGEST_MAX];
	uint64_t rank[PI_SUGGEST_MAX];
	size_t n;
};

static int
fold_eq(const char *a, const char *b)
{
	for (; *a != '\0' && fold(*a) == fold(*b); a++, b++)
		continue;
	return fold(*a) == fold(*b);
}

static void
keep(struct best *b, const char *name, uint64_t rank)
{
	size_t i, j;

	for (i = 0; i < b->n && !fold_eq(b->name[i], name); i++)
		continue;
	if (i < b->n) {
		if (b->rank[i] <= rank)
			return;
		for (j = i; j + 1 < b->n; j++) {
			b->name[j] = b->name[j + 1];
			b->rank[j] = b->rank[j + 1];
		}
		b->n--;
	}
	for (i = 0; i < b->n && b->rank[i] < rank; i++)
		continue;
	if (i == PI_SUGGEST_MAX)
		return;
	if (b->n == PI_SUGGEST_MAX)
		b->n--;
	for (j = b->n; j > i; j--) {
		b->name[j] = b->name[j - 1];
		b->rank[j] = b->rank[j - 1];
	}
	b->name[i] = name;
	b->rank[i] = rank;
	b->n++;
}

/* The rank of entry k of the name index before its kind (suggest.c). */
static uint64_t
base_rank(size_t k)
{
	size_t i;
	uint64_t r = (uint64_t)pi_name_rec[k] << 16 | (k < 0xffff ? k : 0xffff);

	for (i = k; i < pi_nnames && pi_name_key[i] == pi_name_key[k]; i++) {
		if (pi_recs[pi_name_rec[i]].has_port)
			return r;
	}
	return r | ORACLE_PORTLESS;
}

static void
oracle_names(struct best *b, const char *q)
{
	size_t m = strlen(q), k, n;
	unsigned d, maxd = m <= 4 ? 1 : 2;
	const char *s;

	for (k = 0; k < pi_nnames; k++) {
		if (k > 0 && pi_name_key[k] == pi_name_key[k - 1])
			continue;
		s = pi_pool + pi_name_key[k];
		n = strlen(s);
		if (fold_eq(s, q))
			continue;
		if (m >= 3 && n > m && strncasecmp(s, q, m) == 0)
			keep(b, s, base_rank(k) | (uint64_t)1 << 56 |
			    (uint64_t)(n - m < 255 ? n - m : 255) << 48);
		d = osa(q, m, s, n);
		if (d <= maxd)
			keep(b, s, base_rank(k) |
			    (uint64_t)(d <= 1 ? 0 : 2) << 56);
	}
}

/* Whether desc holds w as a word, ignoring case. */
static int
oracle_holds(const char *desc, const char *w)
{
	size_t len = strlen(w);
	const char *s;

	for (s = desc; *s != '\0'; s++) {
		if ((s == desc || !isalnum((unsigned char)s[-1])) &&
		    strncasecmp(s, w, len) == 0 &&
		    !isalnum((unsigned char)s[len]))
			return 1;
	}
	return 0;
}

/* The first entry of the name index that is name, ignoring case. */
static size_t
oracle_entry(const char *name)
{
	size_t k;

	for (k = 0; k < pi_nnames && !fold_eq(pi_pool + pi_name_key[k], name);
	    k++)
		continue;
	return k;
}

/* The names whose descriptions hold q as a word; whether any do. */
static int
oracle_words(struct best *b, const char *q)
{
	const char *names[PI_SUGGEST_MAX], *name;
	size_t m = strlen(q), i, r, n = 0, digits = 0;

	for (i = 0; i < m; i++) {
		if (!isalnum((unsigned char)q[i]))
			return 0;
		digits += isdigit((unsigned char)q[i]) != 0;
	}
	if (m < 3 || digits == m || oracle_entry(q) < pi_nnames)
		return 0;
	for (r = 0; r < (size_t)pi_nrecs + pi_ncommon; r++) {
		name = pi_pool + pi_recs[r].name;
		if (*name == '\0' ||
		    !oracle_holds(pi_pool + pi_recs[r].desc, q))
			continue;
		for (i = 0; i < n && !fold_eq(names[i], name); i++)
			continue;
		if (i == n && n < PI_SUGGEST_MAX)
			names[n++] = name;
		if (n == PI_SUGGEST_MAX)
			break;
	}
	for (i = 0; i < n; i++)
		keep(b, names[i], base_rank(oracle_entry(names[i])) |
		    (uint64_t)3 << 56);
	return n > 0;
}

/* The suggestions for q by the rule, comma-joined. */
static const char *
oracle(const char *q, int *search)
{
	static char buf[512];
	struct best b;
	size_t i, n = 0;

	b.n = 0;
	oracle_names(&b, q);
	*search = oracle_words(&b, q);
	buf[0] = '\0';
	for (i = 0; i < b.n; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s",
		    i ? "," : "", b.name[i]);
	return buf;
}

/* The same pseudo-random numbers on every run. */
static unsigned long seed = 20260213;

static size_t
pick(size_t n)
{
	seed = seed * 6364136223846793005u + 1442695040888963407u;
	return (size_t)((seed >> 33) % n);
}

/* A name typed wrong: one or two edits of a name of the table. */
static void
misspell(char *q, size_t size)
{
	static const char chars[] = "abcdefghijklmnopqrstuvwxyz0123456789-";
	size_t len, i, edits = 1 + pick(2), e;

	snprintf(q, size, "%s", pi_pool + pi_name_key[pick(pi_nnames)]);
	for (e = 0; e < edits; e++) {
		len = strlen(q);
		i = pick(len + 1);
		switch (pick(4)) {
		case 0:		/* insertion */
			if (len + 1 < size) {
				memmove(q + i + 1, q + i, len - i + 1);
				q[i] = chars[pick(sizeof(chars) - 1)];
			}
			break;
		case 1:		/* deletion */
			if (i < len && len > 1)
				memmove(q + i, q + i + 1, len - i);
			break;
		case 2:		/* substitution */
			if (i < len)
				q[i] = chars[pick(sizeof(chars) - 1)];
			break;
		default:	/* transposition */
			if (i + 1 < len) {
				char c = q[i];

				q[i] = q[i + 1];
				q[i + 1] = c;
			}
		}
	}
}

/* What people type: misspelt names, names cut short, and noise. */
static void
make_query(char *q, size_t size)
{
	size_t len, i;

	switch (pick(4)) {
	case 0:
		snprintf(q, size, "%s", pi_pool + pi_name_key[pick(pi_nnames)]);
		len = strlen(q);
		q[len > 3 ? 3 + pick(len - 3) : len] = '\0';
		break;
	case 1:
		len = 2 + pick(10);
		for (i = 0; i < len && i + 1 < size; i++)
			q[i] = (char)('a' + pick(26));
		q[i] = '\0';
		break;
	default:
		misspell(q, size);
	}
}

static void
test_oracle(void **state)
{
	char q[PI_SUGGEST_LONGEST + 1], want[512];
	int search, want_search;
	size_t i, some = 0;

	(void)state;
	for (i = 0; i < 600; i++) {
		make_query(q, sizeof(q));
		snprintf(want, sizeof(want), "%s", oracle(q, &want_search));
		some += want[0] != '\0';
		if (strcmp(joined(q, NULL, &search), want) != 0 ||
		    search != want_search)
			fail_msg("\"%s\": suggested \"%s\"%s, the rule gives "
			    "\"%s\"%s", q, joined(q, NULL, &search),
			    search ? " and -s" : "", want,
			    want_search ? " and -s" : "");
	}
	/* Most of them find something: the comparison says something. */
	assert_true(some > 400);
}

/*
 * Whether a lookup of searched finds s, and, if its ports say so, a
 * record of s on the port or range they give.
 */
static int
found(const char *s, unsigned searched)
{
	struct pi_suggestion_ports p;
	struct pi_cursor c;
	struct pi_entry e;
	int any = 0, port = 0;

	pi_suggestion_ports(&p, s, NULL, searched);
	pi_find_name(&c, s, strlen(s), searched);
	while (pi_next(&c, &e)) {
		any = 1;
		port |= e.has_port && e.port == p.port &&
		    e.port_end == p.port_end;
	}
	return any && (!p.has_port || port);
}

/* For hundreds of names, each suggestion a name the lookup finds. */
static void
test_searched_found(void **state)
{
	static const unsigned sets[] = {
		PI_PROTO_ANY, PI_TCP | PI_COMMON, PI_UDP, PI_SCTP | PI_COMMON,
		PI_DCCP | PI_COMMON
	};
	struct pi_suggestions s;
	char q[PI_SUGGEST_LONGEST + 1];
	size_t i, j, some = 0;

	(void)state;
	for (i = 0; i < 500; i++) {
		make_query(q, sizeof(q));
		pi_suggest(&s, q, strlen(q), NULL, sets[i % 5]);
		for (j = 0; j < s.n; j++) {
			if (!found(s.names[j], sets[i % 5]))
				fail_msg("\"%s\" in %#x: \"%s\" not found",
				    q, sets[i % 5], s.names[j]);
		}
		some += s.n;
	}
	assert_true(some > 300);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transpositions),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_case),
		cmocka_unit_test(test_short_names),
		cmocka_unit_test(test_noise),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_ranking),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_ports),
		cmocka_unit_test(test_searched),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_oracle),
		cmocka_unit_test(test_searched_found),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
