/*
 * Reading the command line's words against the option table.  See
 * optread.h.
 */
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "optread.h"

/*
 * The fewest letters after one dash that are taken for the start of a
 * long option's name: "-al" is -a -l.
 */
#define DASHED_MIN 3

int
usage_error_len(FILE *err, const char *subject, size_t len,
    const char *message)
{
	if (subject != NULL)
		esc_error(err, subject, len, ESC_QUOTE_MAX, message);
	else
		fprintf(err, "portinfo: %s\n", message);
	fputs("Try 'portinfo --help'.\n", err);
	return -1;
}

void
usage_append(char *m, size_t size, const char *a, const char *b)
{
	size_t n = strlen(m);

	snprintf(m + n, size - n, "%s%s", a, b);
}

int
usage_error(FILE *err, const char *subject, const char *message)
{
	return usage_error_len(err, subject,
	    subject != NULL ? strlen(subject) : 0, message);
}

/*
 * The option that name[0..len) names, whole or by a prefix of one name
 * only; NULL if none or several do, *count of them, their names added
 * to m[0..size) (m NULL: not).
 */
static const struct option_def *
long_named(const char *name, size_t len, char *m, size_t size, int *count)
{
	const struct option_def *d, *found = NULL;

	for (*count = 0, d = option_defs; d->name != NULL && len > 0; d++) {
		/* A whole name wins over the names it begins (--list). */
		if (strlen(d->name) == len && strncmp(d->name, name, len) == 0)
			return d;
		/* Of two names of one option (--color, --colour), the first. */
		if (strncmp(d->name, name, len) == 0 && (d->help != NULL ||
		    strncmp(d[-1].name, name, len) != 0)) {
			if (m != NULL)
				usage_append(m, size, *count > 0 ? ", --" :
				    " (--", d->name);
			++*count;
			found = d;
		}
	}
	return *count == 1 ? found : NULL;
}

/*
 * The option that word[2..2 + len) names; NULL after a message, which
 * names the options a prefix of several could mean: "ambiguous option
 * (--list, --listening)".
 */
static const struct option_def *
find_long(FILE *err, const char *word, size_t len)
{
	const struct option_def *d;
	char m[256] = "ambiguous option";
	int count;

	if ((d = long_named(word + 2, len, m, sizeof(m), &count)) != NULL)
		return d;
	usage_append(m, sizeof(m), ")", "");
	if (count > 1)
		usage_error_len(err, word, 2 + len, m);
	else
		usage_error(err, word, "unknown option");
	return NULL;
}

/*
 * A word of letters that is a long option with one dash ("-sockets",
 * "-list=dynamic"): its name, or the start of one name only and of at
 * least DASHED_MIN letters; no letters that mean what they say spell one
 * (the text of "-s ockets" is the next word).  Returns -1 after a
 * message that says so, else 0.
 */
static int
dashed_long(FILE *err, const char *word)
{
	size_t len = strcspn(word + 1, "=");
	const struct option_def *d;
	char m[64];
	int count;

	if (len < DASHED_MIN ||
	    (d = long_named(word + 1, len, NULL, 0, &count)) == NULL)
		return 0;
	snprintf(m, sizeof(m), "did you mean --%s?", d->name);
	return usage_error(err, word, m);
}

/* The next word as the value of option, or -1 after a message. */
static int
take_next_word(struct reader *rd, FILE *err, const char *option,
    const char **value)
{
	if (rd->next == rd->argc)
		return usage_error(err, option, "option needs an argument");
	*value = rd->argv[rd->next++];
	return 1;
}

/*
 * word, "--name" or "--name=value", where name is the whole name of an
 * option or the start of one only.  Returns as next_option.
 */
static int
long_option(struct reader *rd, FILE *err, const char *word,
    const struct option_def **def, const char **value)
{
	size_t len = strcspn(word + 2, "=");

	if ((*def = find_long(err, word, len)) == NULL)
		return -1;
	*value = word[2 + len] == '=' ? word + 2 + len + 1 : NULL;
	if ((*def)->takes == TAKES_NONE && *value != NULL)
		return usage_error(err, word, "option takes no argument");
	if ((*def)->takes == TAKES_VALUE && *value == NULL)
		return take_next_word(rd, err, word, value);
	return 1;
}

/*
 * The next of the letters of a word ("-aHq", "-fjson"): an option that
 * takes a value takes the rest of the word, or for want of it the next
 * word if it must have one.  Returns as next_option.
 */
static int
letter_option(struct reader *rd, FILE *err, const struct option_def **def,
    const char **value)
{
	char flag[] = { '-', *rd->letters, '\0' };
	const char *rest = rd->letters + 1;
	const struct option_def *d;

	for (d = option_defs; d->name != NULL && d->letter != flag[1]; d++)
		continue;
	if ((*def = d)->name == NULL)
		return usage_error(err, flag, "unknown option");
	*value = NULL;
	rd->letters = *rest != '\0' ? rest : NULL;
	if (d->takes == TAKES_NONE)
		return 1;
	*value = rd->letters;
	rd->letters = NULL;
	if (d->takes == TAKES_VALUE && *value == NULL)
		return take_next_word(rd, err, flag, value);
	return 1;
}

int
next_option(struct reader *rd, FILE *err, const struct option_def **def,
    const char **value)
{
	const char *word;

	while (rd->letters == NULL) {
		if (rd->next == rd->argc)
			return 0;
		word = rd->argv[rd->next++];
		if (strcmp(word, "--") == 0) {
			while (rd->next < rd->argc)
				rd->argv[1 + rd->nops++] =
				    rd->argv[rd->next++];
			return 0;
		}
		if (word[0] != '-' || word[1] == '\0')
			rd->argv[1 + rd->nops++] = (char *)word;
		else if (word[1] == '-')
			return long_option(rd, err, word, def, value);
		else if (dashed_long(err, word) != 0)
			return -1;
		else
			rd->letters = word + 1;
	}
	return letter_option(rd, err, def, value);
}

