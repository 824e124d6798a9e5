#include "ReportError.h"

#include <typeinfo>

namespace yewu {

POCO_IMPLEMENT_EXCEPTION(ReportError, Poco::RuntimeException, "Cannot write report")

}  // namespace yewu
