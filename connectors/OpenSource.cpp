#include <Poco/Data/SQLite/Connector.h>

#include <filesystem>

#include "SourceError.h"
#include "SqlSource.h"

namespace yewu {

POCO_IMPLEMENT_EXCEPTION(SourceError, Poco::RuntimeException, "Source error")

std::unique_ptr<Source> openSource(const std::string& uri, const std::string& queriesDir) {
    const auto colon = uri.find(':');
    const std::string scheme = colon == std::string::npos ? "" : uri.substr(0, colon);
    if (scheme == "sqlite") {
        const std::string path = uri.substr(colon + 1);
        // SQLite would silently create an empty database for a mistyped path.
        if (!std::filesystem::is_regular_file(path))
            throw SourceError("source " + uri + ": no such SQLite file '" + path + "'");
        Poco::Data::SQLite::Connector::registerConnector();
        return std::make_unique<SqlSource>("SQLite", path, uri, queriesDir);
    }
    throw SourceError("unknown source '" + uri + "'. Known: sqlite:PATH");
}

}  // namespace yewu
