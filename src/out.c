/* The output buffer (out.h). */
#include <errno.h>

#include "out.h"

void
out_init(struct out *o, FILE *fp, char *buf, size_t size)
{
	o->fp = fp;
	o->err = 0;
	o->buf = o->p = buf;
	o->end = buf + size;
}

static void
write_out(struct out *o, const char *s, size_t n)
{
	if (o->err == 0 && n > 0 && fwrite(s, 1, n, o->fp) != n)
		o->err = errno != 0 ? errno : EIO;
}

void
out_flush(struct out *o)
{
	write_out(o, o->buf, (size_t)(o->p - o->buf));
	o->p = o->buf;
}

char *
out_full(struct out *o, char *p, const char *s, size_t n)
{
	o->p = p;
	out_flush(o);
	if ((ptrdiff_t)n > o->end - o->buf) {
		write_out(o, s, n);
		return o->buf;
	}
	memcpy(o->buf, s, n);
	return o->buf + n;
}

char *
out_str(struct out *o, char *p, const char *s)
{
	return out_put(o, p, s, strlen(s));
}

/* Digits by hand: printf would page in much of libc for them. */
char *
out_digits(char *d, unsigned long long num)
{
	char digits[OUT_DIGITS], *s = digits + sizeof(digits);

	do
		*--s = (char)('0' + num % 10);
	while ((num /= 10) > 0);
	return out_copy(d, s, (size_t)(digits + sizeof(digits) - s));
}

char *
out_num(struct out *o, char *p, unsigned long long num)
{
	return out_digits(out_room(o, p, OUT_DIGITS), num);
}

char *
out_spaces(struct out *o, char *p, size_t n)
{
	while (n-- > 0)
		p = out_byte(o, p, ' ');
	return p;
}
