// The exception renderers throw when a document cannot be written.
#pragma once

#include <Poco/Exception.h>

namespace yewu {

POCO_DECLARE_EXCEPTION(, ReportError, Poco::RuntimeException)

}  // namespace yewu
