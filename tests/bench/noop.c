/*
 * The floor of the start-up benchmark: a program that does nothing,
 * built with the same compiler and flags as portinfo, so that what
 * portinfo costs beyond it is what portinfo itself does.
 */
int
main(void)
{
	return 0;
}
