/* Lines of human output cut to the terminal's width (hline.h). */
#include <string.h>

#include "escape.h"
#include "grow.h"
#include "hline.h"

struct hline
hline_start(struct fmt *f)
{
	return (struct hline){ .f = f, .width = f->width };
}

/* Appends s[0..len) to what is held; 0, or -1 out of memory. */
static int
hold(struct hline *l, const char *s, size_t len)
{
	struct fmt *f = l->f;
	size_t need = l->end + len;
	char *q;

	if (len == 0)
		return 0;
	if ((q = grow(f->held, &f->heldcap, need, 1)) == NULL)
		return -1;
	f->held = q;
	memcpy(f->held + l->end, s, len);
	l->end = need;
	return 0;
}

/*
 * Writes the piece held: whole, or cut for the ellipsis if more follows,
 * in place of its last blank if its text takes no column.
 */
static char *
release(struct hline *l, char *p, int more)
{
	struct out *o = &l->f->out;
	const char *s = l->f->held;
	size_t cols = esc_cols(s, l->len);

	l->held = 0;
	if (more && cols == 0 && l->blanks > 0) {
		p = out_spaces(o, p, l->blanks - 1);
		p = out_str(o, p, ESC_CUT_MARK);
	} else {
		p = out_spaces(o, p, l->blanks);
		if (l->len > 0)
			p = esc_cut(o, p, s, l->len, cols, more);
	}
	return l->end > l->len ? out_put(o, p, s + l->len, l->end - l->len) : p;
}

/* Columns are as esc_cols counts them. */
char *
hline_fit(struct hline *l, char *p, size_t blanks, const char *s, size_t len)
{
	struct out *o = &l->f->out;
	size_t room, span = l->width != 0 ? esc_cols(s, len) : 0;

	if (l->full || blanks + len == 0)
		return p;
	if (l->held) {
		l->full = 1;
		return release(l, p, 1);
	}
	if (l->width != 0 && l->col + blanks + span > l->width) {
		room = l->width - l->col;
		l->full = 1;
		l->col = l->width;
		if (blanks >= room) {
			p = out_spaces(o, p, room > 0 ? room - 1 : 0);
			return room > 0 ? out_str(o, p, ESC_CUT_MARK) : p;
		}
		p = out_spaces(o, p, blanks);
		return esc_cut(o, p, s, len, room - blanks, 0);
	}
	l->col += blanks + span;
	if (l->width != 0 && l->col == l->width) {
		l->end = 0;
		if (hold(l, s, len) == 0) {
			l->held = 1;
			l->blanks = blanks;
			l->len = len;
			return p;
		}
	}
	p = out_spaces(o, p, blanks);
	return esc_text(o, p, ESC_HUMAN, s, len, ESC_WHOLE);
}

char *
hline_put(struct hline *l, char *p, const char *s)
{
	return hline_fit(l, p, 0, s, strlen(s));
}

/* After a piece held the code is held too, or it would come first. */
char *
hline_sgr(struct hline *l, char *p, int on, const char *code)
{
	if (!on)
		return p;
	if (l->held && hold(l, code, strlen(code)) == 0)
		return p;
	if (l->held)
		p = release(l, p, 0);
	return out_str(&l->f->out, p, code);
}

char *
hline_end(struct hline *l, char *p)
{
	if (l->held)
		p = release(l, p, 0);
	return out_byte(&l->f->out, p, '\n');
}

