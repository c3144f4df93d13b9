#ifndef GLASSBOX_CREADSTAT_SHIM_H
#define GLASSBOX_CREADSTAT_SHIM_H
// ReadStat (the C library behind R's haven and Python's pyreadstat) from Debian's libreadstat-dev,
// which ships no pkg-config file: the module map links libreadstat directly.
#include <readstat.h>
#endif
