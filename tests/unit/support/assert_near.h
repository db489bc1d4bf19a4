/* assert_near(a, b, tol): a cmocka assertion on doubles, which cmocka lacks; prints both values
 * in full precision when they differ by more than tol. Include after <cmocka.h>. */
#ifndef GX_TEST_ASSERT_NEAR_H
#define GX_TEST_ASSERT_NEAR_H

#include <math.h>

#define assert_near(a, b, tol)                                                                \
	do {                                                                                  \
		double a_ = (a), b_ = (b);                                                    \
		if (!(fabs(a_ - b_) <= (tol))) {                                              \
			print_error("%s = %.17g, expected %.17g within %g\n", #a, a_, b_,    \
			            (double)(tol));                                           \
			fail();                                                               \
		}                                                                             \
	} while (0)

#endif
