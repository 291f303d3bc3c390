/* Our stand-in for WAMR's internal bh_getopt.h: on a POSIX host that header only brings the
 * C library's getopt (optarg, optind), which is all the samples use. */
#include <getopt.h>
#include <unistd.h>
