/* Our stand-in for WAMR's internal platform_common.h (multi-module's main.c includes it for
 * the integer names and bh_assert): everything is in our bh_platform.h. */
#include "bh_platform.h"
