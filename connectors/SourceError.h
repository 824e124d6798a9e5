// The exception every connector throws for a source that cannot be read.
#pragma once

#include <Poco/Exception.h>

namespace yewu {

POCO_DECLARE_EXCEPTION(, SourceError, Poco::RuntimeException)

}  // namespace yewu
