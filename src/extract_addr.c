/* Where the port is in an address (extract.h). */
#include <string.h>

#include "ascii.h"
#include "extract.h"

/* Where a %zone after an address starts, as in %lo, %eth0; or n. */
static size_t
zone_start(const char *s, size_t n)
{
	const char *pct = memchr(s, '%', n);

	return pct == NULL ? n : (size_t)(pct - s);
}

static int
is_host_char(unsigned char c)
{
	return is_alpha(c) || is_digit(c) || c == '-' || c == '_' || c == '.';
}

/* IPv6 with an optional zone: two colons at least, so 09:40 is none. */
static int
is_v6(const char *s, size_t n)
{
	size_t z = zone_start(s, n), i, colons = 0;

	for (i = 0; i < z; i++) {
		if (!is_hex((unsigned char)s[i]) && s[i] != ':' && s[i] != '.')
			return 0;
		colons += s[i] == ':';
	}
	return colons >= 2 && (z == n || (z + 1 < n &&
	    all_of(s + z + 1, n - z - 1, is_host_char)));
}

/* A dotted quad, with an optional zone (ss: 127.0.0.53%lo). */
static int
is_v4(const char *s, size_t n)
{
	size_t z = zone_start(s, n), i, dots = 0, digits = 0;

	for (i = 0; i < z; i++) {
		if (s[i] == '.') {
			if (digits == 0)
				return 0;
			dots++;
			digits = 0;
		} else if (is_digit((unsigned char)s[i]) && digits < 3)
			digits++;
		else
			return 0;
	}
	return dots == 3 && digits > 0 &&
	    (z == n || all_of(s + z + 1, n - z - 1, is_host_char));
}

/* Source files' extensions, sorted: main.go:42 is a place in a file. */
static const char code_suffixes[][sizeof("swift")] = {
	"c", "cc", "cpp", "cs", "go", "h", "hpp", "java", "js", "kt", "lua",
	"php", "pl", "py", "rb", "rs", "sh", "swift", "ts"
};

/*
 * A host name.  Outside a table of sockets it must look like one:
 * localhost, or labels with a dot between them, the last of them no
 * source file's extension, and no '_', so that "nginx:1.25", "redis:7",
 * "line:42", "Note:8080" and "main.go:42" are not taken for endpoints.
 */
static int
is_hostname(const char *s, size_t n, int columns)
{
	size_t i;
	int alpha = 0;

	if (!all_of(s, n, is_host_char))
		return 0;
	for (i = 0; i < n; i++)
		alpha |= is_alpha((unsigned char)s[i]);
	if (!alpha)
		return 0;
	if (columns || (n == 9 && memcmp(s, "localhost", 9) == 0))
		return 1;
	for (i = n; i > 0 && s[i - 1] != '.'; i--)
		;
	return i > 1 && i < n && memchr(s, '_', n) == NULL &&
	    EXTRACT_FIND(s + i, n - i, code_suffixes) == NULL;
}

/* Postfix's name[address], as in relay=mx.example.com[192.0.2.25]:25. */
static int
is_named_address(const char *s, size_t n)
{
	const char *open = memchr(s, '[', n);
	size_t name;

	if (open == NULL || n < 4 || s[n - 1] != ']')
		return 0;
	name = (size_t)(open - s);
	return name > 0 && all_of(s, name, is_host_char) &&
	    (is_v4(open + 1, n - name - 2) || is_v6(open + 1, n - name - 2));
}

/* [v6] with ss's %zone after the bracket; its length, or 0. */
static size_t
bracket_host(const char *s, size_t n)
{
	const char *close = memchr(s, ']', n);
	size_t len, zone;

	if (close == NULL || !is_v6(s + 1, (size_t)(close - s) - 1))
		return 0;
	len = (size_t)(close - s) + 1;
	if (len < n && s[len] == '%') {
		zone = ++len;
		while (len < n && s[len] != ':')
			len++;
		if (len == zone || !all_of(s + zone, len - zone, is_host_char))
			return 0;
	}
	return len;
}

/* Whether s[0..n) is a host before the last colon of an endpoint. */
static int
is_host(const char *s, size_t n, int columns)
{
	if (memchr(s, ':', n) != NULL)
		return columns && is_v6(s, n);
	return (n == 1 && s[0] == '*') || is_v4(s, n) ||
	    is_hostname(s, n, columns) || is_named_address(s, n);
}

int
addr_colon(const char *s, size_t n, int columns, const char **port,
    size_t *portlen)
{
	size_t hostlen;

	if (n == 0)
		return 0;
	if (s[0] == '[') {
		if ((hostlen = bracket_host(s, n)) == 0)
			return 0;
	} else if (n > 3 && memcmp(s, ":::", 3) == 0 &&
	    memchr(s + 3, ':', n - 3) == NULL) {
		hostlen = 2;
	} else {
		/* The last colon: netstat's v6:port has more before it. */
		hostlen = last_of(s, n, ':');
		if (hostlen == 0 || hostlen == n ||
		    !is_host(s, hostlen, columns))
			return 0;
	}
	if (hostlen + 1 >= n || s[hostlen] != ':')
		return 0;
	*port = s + hostlen + 1;
	*portlen = n - hostlen - 1;
	return 1;
}

/*
 * Splits s[0..n) at sep: an address (or, with star, "*") and a port, as
 * the BSDs' netstat writes *.port and v6.port (macOS cuts a long address
 * short: fe80::aede:48ff:.49160), and BIND address#port.
 */
static int
split_at(const char *s, size_t n, const char *sep, int star,
    const char **port, size_t *portlen)
{
	size_t host;

	if (sep == NULL || (host = (size_t)(sep - s)) + 1 >= n)
		return 0;
	if (!(star && host == 1 && s[0] == '*') && !is_v4(s, host) &&
	    !is_v6(s, host))
		return 0;
	*port = sep + 1;
	*portlen = n - host - 1;
	return 1;
}

int
addr_url(const char *s, size_t n, int *port)
{
	const char *sep = memchr(s, ':', n), *p, *end = s + n;
	size_t i, len;

	if (sep == NULL || (len = (size_t)(sep - s)) == 0 ||
	    !is_alpha((unsigned char)s[0]) || len + 2 >= n ||
	    sep[1] != '/' || sep[2] != '/')
		return 0;
	for (i = 0; i < len; i++) {
		if (!is_alpha((unsigned char)s[i]) &&
		    !is_digit((unsigned char)s[i]) &&
		    strchr("+-.", s[i]) == NULL)
			return 0;
	}
	/* A colon in the host part. */
	*port = 0;
	for (p = sep + 3; p < end && strchr("/?#", *p) == NULL; p++) {
		if (*p == '@' || *p == ']')
			*port = 0;
		else if (*p == ':')
			*port = 1;
	}
	return 1;
}

int
addr_split(const char *s, size_t n, int columns, const char **port,
    size_t *portlen)
{
	size_t dot = last_of(s, n, '.'), colon = last_of(s, n, ':');

	if (columns && dot < n && (colon == n || dot > colon) &&
	    split_at(s, n, s + dot, 1, port, portlen))
		return 1;
	return addr_colon(s, n, columns, port, portlen) ||
	    split_at(s, n, memchr(s, '#', n), 0, port, portlen);
}
