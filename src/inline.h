/*
 * Hints for the bulk path, where the compiler's own choices cost; those
 * without GNU C's attributes do without.
 */
#ifndef PI_INLINE_H
#define PI_INLINE_H

#ifdef __GNUC__
#define ALWAYS_INLINE __attribute__((always_inline)) inline
#define NEVER_INLINE __attribute__((noinline))
#define FALLTHROUGH __attribute__((fallthrough))
#else
#define ALWAYS_INLINE inline
#define NEVER_INLINE
#define FALLTHROUGH
#endif

#endif
