#include <string.h>

#include "etcservices.h"

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
		return pi_bad_at(bad, line, "NUL byte", NULL, 0);
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
	if ((why = pi_field_name(w, wlen)) != NULL)
		return pi_bad_at(bad, line, why, w, wlen);
	f->text[PI_COL_NAME] = w;
	f->len[PI_COL_NAME] = wlen;
	if ((w = word(s, len, &i, &wlen)) == NULL ||
	    (slash = memchr(w, '/', wlen)) == NULL)
		return pi_bad_at(bad, line, "no port/protocol after the name",
		    w, w != NULL ? wlen : 0);
	if ((why = pi_field_port(w, (size_t)(slash - w), &f->lo, &f->hi)) !=
	    NULL)
		return pi_bad_at(bad, line, why, w, (size_t)(slash - w));
	/* Not portinfo's protocols: nothing to show, nothing wrong. */
	if (pi_field_proto(slash + 1, wlen - (size_t)(slash + 1 - w),
	    &f->proto) != NULL || f->proto == 0)
		return 0;
	out->aliases = s + i;
	out->aliaseslen = len - i;
	while ((w = word(s, len, &i, &wlen)) != NULL) {
		if ((why = pi_field_name(w, wlen)) != NULL)
			return pi_bad_at(bad, line, why, w, wlen);
	}
	return 1;
}
