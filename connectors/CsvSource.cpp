#include "CsvSource.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>
#include <filesystem>

#include "CsvReader.h"
#include "OrderedCursor.h"
#include "SourceError.h"

namespace yewu {

namespace {

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
}

std::string trim(std::string s) {
    const auto notSpace = [](unsigned char c) { return !std::isspace(c); };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), notSpace));
    s.erase(std::find_if(s.rbegin(), s.rend(), notSpace).base(), s.end());
    return s;
}

}  // namespace

CsvSource::CsvSource(std::string dir, const Poco::Util::AbstractConfiguration& config, std::string displayName)
    : dir_(std::move(dir)),
      displayName_(std::move(displayName)),
      encoding_(config.getString("source.csv.encoding", "auto")),
      sortMemoryBytes_(std::size_t(std::max(1, config.getInt("source.sort_memory_mb", 64))) << 20) {
    if (!std::filesystem::is_directory(dir_)) throw SourceError("source csv:" + dir_ + ": no such folder");
    for (Table table : allTables()) {
        const std::string name(tableName(table));
        files_[table] = config.getString("source.csv." + name + ".file", name + ".csv");
        for (const auto& column : canonicalColumns(table)) {
            const std::string key = "source.csv." + name + ".map." + column;
            if (config.has(key)) headerOf_[table][column] = config.getString(key);
        }
    }
}

std::string CsvSource::origin(Table table) const {
    return (std::filesystem::path(dir_) / files_.at(table)).string();
}

std::unique_ptr<RowCursor> CsvSource::open(const ScanRequest& request) {
    const std::string path = origin(request.table);
    RowOrder order(request.table, request.columns, request.orderBy);
    if (!std::filesystem::exists(path))
        return std::make_unique<OrderedCursor>([](RawRow&) { return false; }, order, request.chunkRows,
                                               sortMemoryBytes_);

    auto reader = std::make_shared<CsvReader>(path, encoding_);
    CsvReader::Record header;
    if (!reader->next(header)) throw SourceError(path + " is empty: it needs at least a header row");
    std::vector<std::string> actual;
    for (const auto& name : header.fields) actual.push_back(trim(name.value_or("")));

    std::vector<std::size_t> positions;
    std::vector<std::string> missing;
    const auto& mapped = headerOf_[request.table];
    for (const auto& column : request.columns) {
        const auto m = mapped.find(column);
        const std::string& wanted = m == mapped.end() ? column : m->second;
        const auto at = std::find(actual.begin(), actual.end(), wanted);
        if (at == actual.end())
            missing.push_back(wanted == column ? column : column + " (as " + wanted + ")");
        else
            positions.push_back(std::size_t(at - actual.begin()));
    }
    if (!missing.empty())
        throw SourceError(path + " lacks column(s) " + join(missing) + "; expected " + join(request.columns) +
                          "; got " + join(actual));

    const std::size_t width = actual.size();
    auto produce = [reader, positions, width, path](RawRow& row) {
        CsvReader::Record record;
        if (!reader->next(record)) return false;
        row.rowNumber = record.line;
        row.problem.clear();
        if (record.fields.size() != width)
            row.problem = "has " + std::to_string(record.fields.size()) + " fields, the header has " +
                          std::to_string(width);
        row.values.assign(positions.size(), std::nullopt);
        for (std::size_t i = 0; i < positions.size(); ++i)
            if (positions[i] < record.fields.size()) row.values[i] = std::move(record.fields[positions[i]]);
        return true;
    };
    return std::make_unique<OrderedCursor>(produce, order, request.chunkRows, sortMemoryBytes_);
}

}  // namespace yewu
