// The one place PoDoFo is included. PoDoFo 0.9.8 headers derive from
// std::iterator, deprecated in C++17: silence that warning for them only.
#pragma once

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include <podofo.h>
#pragma GCC diagnostic pop
