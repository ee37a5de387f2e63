#include <string.h>

#include "escape.h"
#include "ascii.h"
#include "fields.h"
#include "portinfo.h"

const char *const pi_col_names[PI_NCOLS] = {
	"Service Name", "Port Number", "Transport Protocol", "Description",
	"Registration Date", "Modification Date", "Reference",
	"Service Code", "Unauthorized Use Reported"
};

/* Fills *bad with what is wrong on line, and returns -1. */
static int
bad_at(struct pi_bad *bad, unsigned long line, const char *why,
    const char *text, size_t len)
{
	*bad = (struct pi_bad){ line, why, text, len };
	return -1;
}

/*
 * Whether the header just read into c is a line of services(5), a
 * comment or a record, rather than CSV: as /etc/services begins.
 */
static int
etc_header(const struct csv *c)
{
	const char *s = csv_field(c, 0);
	size_t n = csv_field_len(c, 0);
	struct pi_etc_line line;
	struct pi_bad bad;

	return (n > 0 && s[0] == '#') ||
	    pi_etc_line(s, n, c->line, &line, &bad) == 1;
}

int
pi_fields_header(const struct csv *c, const char *const names[],
    size_t ncols, size_t col[], size_t nrequired, struct pi_bad *bad)
{
	size_t i, k;

	for (k = 0; k < ncols; k++)
		col[k] = PI_NOCOL;
	for (i = 0; i < c->nfields; i++) {
		for (k = 0; k < ncols; k++) {
			if (pi_fold_cmp(csv_field(c, i), csv_field_len(c, i),
			    names[k]) != 0)
				continue;
			if (col[k] != PI_NOCOL)
				return bad_at(bad, c->line,
				    "column appears twice:", names[k],
				    strlen(names[k]));
			col[k] = i;
		}
	}
	for (k = 0; k < nrequired; k++) {
		if (col[k] == PI_NOCOL && etc_header(c))
			return bad_at(bad, c->line, "not a CSV header but "
			    "services(5) text; read such a file with "
			    "--etc-services", NULL, 0);
		if (col[k] == PI_NOCOL)
			return bad_at(bad, c->line, "header has no column",
			    names[k], strlen(names[k]));
	}
	return 0;
}

int
pi_fields_count(const struct csv *c, size_t ncols, struct pi_bad *bad)
{
	if (c->nfields == ncols)
		return 0;
	return bad_at(bad, c->line, c->nfields < ncols ?
	    "record has fewer fields than the header" :
	    "record has more fields than the header", NULL, 0);
}

/*
 * What a text's bytes are, looked up, by ascii.h's rule: P, plain text
 * but the space; S, white space; X, anything else.
 */
static char byte_class[256];

static void
classify(void)
{
	int c;

	for (c = 0; c < 256; c++)
		byte_class[c] = c == ' ' || c == '\t' || c == '\n' ||
		    c == '\r' ? 'S' : pi_plain_byte((unsigned char)c) ? 'P' :
		    'X';
}

/*
 * IANA has listed names with spaces and parentheses ("Apple Remote
 * Desktop (Net Assistant)"), so a name may hold any plain byte, with a
 * space only between two other characters.
 */
const char *
pi_field_name(const char *s, size_t len)
{
	if (!all_of(s, len, pi_plain_byte))
		return "service name has a character not allowed in a name";
	if (len > 0 && (s[0] == ' ' || s[len - 1] == ' '))
		return "service name begins or ends with a space";
	return NULL;
}

/* A label's name or alias: besides, only what a query's name may hold. */
const char *
pi_field_label_name(const char *s, size_t len)
{
	const char *why;

	if (all_of(s, len, is_name_char))
		return NULL;
	why = pi_field_name(s, len);
	return why != NULL ? why :
	    "service name has a character not allowed in a query";
}

/* One port of 1 to 5 digits, or an inclusive range "lo-hi"; not empty. */
const char *
pi_field_port(const char *s, size_t len, unsigned *lo, unsigned *hi)
{
	const char *dash = memchr(s, '-', len);
	size_t n = dash != NULL ? (size_t)(dash - s) : len;
	unsigned long a = 0, b;
	int ok = n <= 5 && pi_decimal(s, n, PI_PORT_MAX, &a);

	b = a;
	if (dash != NULL)
		ok = ok && len - n - 1 <= 5 &&
		    pi_decimal(dash + 1, len - n - 1, PI_PORT_MAX, &b);
	*lo = (unsigned)a;
	*hi = (unsigned)b;
	if (!ok)
		return "port is not a number from 0 to 65535 or a range";
	return a > b ? "port range is reversed" : NULL;
}

_Static_assert(PI_PROTO_ANY == (1u << PI_NPROTOS) - 1,
    "a name for each protocol bit");
const char *const pi_proto_names[PI_NPROTOS] = {
	"tcp", "udp", "sctp", "dccp"
};

/* Empty (no protocol named: proto 0), or one of IANA's, in lower case. */
const char *
pi_field_proto(const char *s, size_t len, unsigned *proto)
{
	size_t i;

	*proto = 0;
	if (len == 0)
		return NULL;
	for (i = 0; i < PI_NPROTOS; i++) {
		if (strlen(pi_proto_names[i]) == len &&
		    memcmp(pi_proto_names[i], s, len) == 0) {
			*proto = 1u << i;
			return NULL;
		}
	}
	return "unknown transport protocol";
}

/* A date is empty, YYYY-MM-DD or (in older records) YYYY-MM. */
static const char *
field_date(const char *s, size_t len)
{
	unsigned long year, month, day = 1;

	if (len == 0)
		return NULL;
	if ((len != 10 && len != 7) || !pi_decimal(s, 4, 9999, &year) ||
	    s[4] != '-' || !pi_decimal(s + 5, 2, 99, &month) ||
	    (len == 10 && (s[7] != '-' || !pi_decimal(s + 8, 2, 99, &day))))
		return "date is not YYYY-MM-DD or YYYY-MM";
	if (month < 1 || month > 12 || day < 1 || day > 31)
		return "date has no such month or day";
	return NULL;
}

int
pi_fields_record(const struct csv *c, const size_t col[PI_NCOLS],
    size_t ncols, const char *(*name_rule)(const char *, size_t),
    struct pi_fields *f, struct pi_bad *bad)
{
	const char *why;
	size_t k;

	if (pi_fields_count(c, ncols, bad) == -1)
		return -1;
	for (k = 0; k < PI_NCOLS; k++) {
		f->text[k] = col[k] == PI_NOCOL ? "" : csv_field(c, col[k]);
		f->len[k] = col[k] == PI_NOCOL ? 0 : csv_field_len(c, col[k]);
	}
	f->has_port = f->len[PI_COL_PORT] > 0;
	f->lo = f->hi = 0;
	k = PI_COL_NAME;
	if ((why = name_rule(f->text[k], f->len[k])) != NULL)
		return bad_at(bad, c->line, why, f->text[k], f->len[k]);
	k = PI_COL_PORT;
	if (f->has_port && (why = pi_field_port(f->text[k], f->len[k], &f->lo,
	    &f->hi)) != NULL)
		return bad_at(bad, c->line, why, f->text[k], f->len[k]);
	k = PI_COL_PROTO;
	if ((why = pi_field_proto(f->text[k], f->len[k], &f->proto)) != NULL)
		return bad_at(bad, c->line, why, f->text[k], f->len[k]);
	if (f->len[PI_COL_NAME] == 0 && !f->has_port)
		return bad_at(bad, c->line, "record has neither a "
		    "service name nor a port", NULL, 0);
	for (k = PI_COL_REGDATE; k <= PI_COL_MODDATE; k++) {
		if ((why = field_date(f->text[k], f->len[k])) != NULL)
			return bad_at(bad, c->line, why, f->text[k],
			    f->len[k]);
	}
	return 0;
}

static int
blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

/* The next blank-separated word of s[*i..len), or NULL if none is left. */
static const char *
word(const char *s, size_t len, size_t *i, size_t *wlen)
{
	size_t start;

	while (*i < len && blank(s[*i]))
		(*i)++;
	if (*i == len)
		return NULL;
	start = *i;
	while (*i < len && !blank(s[*i]))
		(*i)++;
	*wlen = *i - start;
	return s + start;
}

int
pi_etc_line(const char *s, size_t len, unsigned long line,
    struct pi_etc_line *out, struct pi_bad *bad)
{
	struct pi_fields *f = &out->f;
	const char *hash, *w, *slash, *why;
	size_t i = 0, wlen = 0;

	if (memchr(s, '\0', len) != NULL)
		return bad_at(bad, line, "NUL byte", NULL, 0);
	memset(out, 0, sizeof(*out));
	f->text[PI_COL_DESC] = f->text[PI_COL_REF] = "";
	f->has_port = 1;
	if ((hash = memchr(s, '#', len)) != NULL) {
		f->text[PI_COL_DESC] = hash + 1;
		f->len[PI_COL_DESC] = (size_t)(s + len - hash - 1);
		len = (size_t)(hash - s);
	}
	if ((w = word(s, len, &i, &wlen)) == NULL)
		return 0;
	if ((why = pi_field_label_name(w, wlen)) != NULL)
		return bad_at(bad, line, why, w, wlen);
	f->text[PI_COL_NAME] = w;
	f->len[PI_COL_NAME] = wlen;
	if ((w = word(s, len, &i, &wlen)) == NULL)
		return bad_at(bad, line, "no port/protocol after the name",
		    NULL, 0);
	if ((slash = memchr(w, '/', wlen)) == NULL)
		slash = w + wlen;
	if ((why = pi_field_port(w, (size_t)(slash - w), &f->lo, &f->hi)) !=
	    NULL)
		return bad_at(bad, line, why, w, (size_t)(slash - w));
	if (slash == w + wlen)
		return bad_at(bad, line, "no /protocol after the port", w,
		    wlen);
	/* Not portinfo's protocols: nothing to show, nothing wrong. */
	if (pi_field_proto(slash + 1, wlen - (size_t)(slash + 1 - w),
	    &f->proto) != NULL || f->proto == 0)
		return 0;
	out->aliases = s + i;
	out->aliaseslen = len - i;
	while ((w = word(s, len, &i, &wlen)) != NULL) {
		if ((why = pi_field_label_name(w, wlen)) != NULL)
			return bad_at(bad, line, why, w, wlen);
	}
	return 1;
}

/* C0 and C1 controls and DEL: any of them may steer a terminal. */
static int
is_control(const char *s, size_t i, size_t len)
{
	unsigned char ch = (unsigned char)s[i];

	/* U+0080 to U+009F are C2 80 to C2 9F in UTF-8. */
	return ch < 0x20 || ch == 0x7f || (ch == 0xc2 && i + 1 < len &&
	    (unsigned char)s[i + 1] < 0xa0);
}

int
pi_field_line(char *buf, size_t *n, const char *s, size_t len,
    unsigned long *line, const char *colname, struct pi_bad *bad)
{
	const char *p, *run, *end = s + len;
	char *start = buf + *n, *q = start;
	int plain = 1;

	if (byte_class[0] == '\0')
		classify();
	for (p = s; p < end; p++) {
		/* Nearly all: plain text, single spaces within, at once. */
		for (run = p; p < end &&
		    (byte_class[(unsigned char)*p] == 'P' ||
		    (*p == ' ' && p > run && p[-1] != ' ')); p++)
			continue;
		memcpy(q, run, (size_t)(p - run));
		q += p - run;
		if (p == end)
			break;
		if (byte_class[(unsigned char)*p] == 'S') {
			/* The one space a run becomes, unless it leads. */
			*line += *p == '\n';
			if (q > start && q[-1] != ' ')
				*q++ = ' ';
		} else if (colname != NULL && is_control(s, (size_t)(p - s),
		    len))
			return bad_at(bad, *line, "control character in",
			    colname, strlen(colname));
		else {
			*q++ = *p;
			plain = 0;
		}
	}
	q -= q > start && q[-1] == ' ';		/* nor trails */
	*n = (size_t)(q - buf);
	return plain;
}

/* What separates two references, as the man page says. */
#define REF_SEP "; "

int
pi_field_refs(char *buf, size_t *n, const char *s, size_t len,
    unsigned long line, struct pi_bad *bad)
{
	const char *stop = s + len, *item, *end;
	size_t k, sep;
	int plain = 1, r;

	for (; s < stop; s = end + (*s == '[' && end < stop)) {
		item = s + (*s == '[');
		if ((end = memchr(item, *s == '[' ? ']' : '[',
		    (size_t)(stop - item))) == NULL)
			end = stop;
		sep = *n > 0 ? sizeof(REF_SEP) - 1 : 0;
		memcpy(buf + *n, REF_SEP, sep);
		k = *n + sep;
		if ((r = pi_field_line(buf, &k, item, (size_t)(end - item),
		    &line, pi_col_names[PI_COL_REF], bad)) == -1)
			return -1;
		plain &= r;
		if (k > *n + sep)
			*n = k;		/* else nothing but space: no item */
	}
	return plain;
}

void
pi_fields_report(FILE *fp, const char *file, const struct pi_bad *bad)
{
	char buf[512], *p;
	struct out o;

	out_init(&o, fp, buf, sizeof(buf));
	p = esc_value(&o, o.p, file, strlen(file), ESC_WHOLE);
	p = out_byte(&o, p, ':');
	p = out_num(&o, p, bad->line);
	p = out_str(&o, p, ": ");
	p = out_str(&o, p, bad->why);
	if (bad->text != NULL) {
		p = out_str(&o, p, " '");
		p = esc_text(&o, p, ESC_HUMAN, bad->text, bad->len,
		    ESC_QUOTE_MAX);
		p = out_byte(&o, p, '\'');
	}
	o.p = out_byte(&o, p, '\n');
	out_flush(&o);
}
