// Usage or configuration errors: the run never started (exit code 2).
#pragma once

#include <Poco/Exception.h>

namespace yewu {

POCO_DECLARE_EXCEPTION(, ConfigError, Poco::RuntimeException)

}  // namespace yewu
