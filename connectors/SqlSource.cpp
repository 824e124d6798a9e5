#include "SqlSource.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "SourceError.h"

namespace yewu {

using namespace Poco::Data::Keywords;

SqlSource::SqlSource(const std::string& connector, const std::string& connectionString, std::string displayName,
                     std::string queriesDir)
    : displayName_(std::move(displayName)), queriesDir_(std::move(queriesDir)) {
    try {
        session_ = std::make_unique<Poco::Data::Session>(connector, connectionString);
    } catch (const Poco::Exception& e) {
        throw SourceError("cannot open source " + displayName_ + ": " + e.displayText());
    }
}

SqlSource::~SqlSource() = default;

std::string SqlSource::origin(Table table) const {
    return (std::filesystem::path(queriesDir_) / (std::string(tableName(table)) + ".sql")).string();
}

std::string SqlSource::readQuery(Table table) const {
    const std::string path = origin(table);
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (!std::filesystem::exists(path)) return "";
        throw SourceError("cannot read query file " + path);
    }
    std::stringstream text;
    text << in.rdbuf();
    std::string query = text.str();
    // The file holds one SELECT; a trailing ';' would break the subquery wrapper.
    while (!query.empty() && (std::isspace(static_cast<unsigned char>(query.back())) || query.back() == ';'))
        query.pop_back();
    if (query.empty()) throw SourceError("query file " + path + " is empty");
    return query;
}

std::vector<std::string> SqlSource::resultColumns(const std::string& query, Table table) {
    try {
        Poco::Data::Statement probe(*session_);
        probe << "SELECT * FROM (" + query + ") AS q LIMIT 0";
        probe.execute();
        Poco::Data::RecordSet rs(probe);
        std::vector<std::string> names;
        for (std::size_t i = 0; i < rs.columnCount(); ++i) names.push_back(rs.columnName(i));
        return names;
    } catch (const Poco::Exception& e) {
        throw SourceError("query " + origin(table) + " failed on " + displayName_ + ": " + e.displayText());
    }
}

class SqlSource::Cursor : public RowCursor {
public:
    Cursor(Poco::Data::Session& session, const std::string& sql, std::size_t columnCount, std::size_t chunkRows,
           std::string what)
        : statement_(session), columns_(columnCount), what_(std::move(what)) {
        statement_ << sql;
        for (auto& column : columns_) statement_, into(column);
        statement_, limit(chunkRows);
    }

    bool next(std::vector<RawRow>& chunk) override {
        chunk.clear();
        try {
            while (chunk.empty() && !statement_.done()) fetch(chunk);
        } catch (const Poco::Exception& e) {
            throw SourceError("reading " + what_ + " failed after row " + std::to_string(rowNumber_) + ": " +
                              e.displayText());
        }
        return !chunk.empty();
    }

private:
    void fetch(std::vector<RawRow>& chunk) {
        statement_.execute();
        const std::size_t n = columns_.empty() ? 0 : columns_[0].size();
        chunk.resize(n);
        for (std::size_t r = 0; r < n; ++r) {
            RawRow& row = chunk[r];
            row.rowNumber = ++rowNumber_;
            row.values.resize(columns_.size());
            for (std::size_t c = 0; c < columns_.size(); ++c) {
                auto& cell = columns_[c][r];
                if (cell.isNull())
                    row.values[c].reset();
                else
                    row.values[c] = std::move(cell.value());
            }
        }
        // Poco appends to bound vectors on every execute(): clear them per chunk.
        for (auto& column : columns_) column.clear();
    }

    Poco::Data::Statement statement_;
    std::vector<std::vector<Poco::Nullable<std::string>>> columns_;
    std::string what_;
    std::int64_t rowNumber_ = 0;
};

std::unique_ptr<RowCursor> SqlSource::open(const ScanRequest& request) {
    const std::string query = readQuery(request.table);
    if (query.empty()) {
        struct Empty : RowCursor {
            bool next(std::vector<RawRow>& chunk) override {
                chunk.clear();
                return false;
            }
        };
        return std::make_unique<Empty>();
    }

    const std::vector<std::string> actual = resultColumns(query, request.table);
    std::vector<std::string> missing;
    for (const auto& column : request.columns)
        if (std::find(actual.begin(), actual.end(), column) == actual.end()) missing.push_back(column);
    if (!missing.empty()) {
        auto join = [](const std::vector<std::string>& v) {
            std::string s;
            for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
            return s;
        };
        throw SourceError("query " + origin(request.table) + " lacks column(s) " + join(missing) +
                          "; expected " + join(request.columns) + "; got " + join(actual));
    }

    std::string sql = "SELECT ";
    for (std::size_t i = 0; i < request.columns.size(); ++i) sql += (i ? ", " : "") + request.columns[i];
    sql += " FROM (" + query + ") AS q";
    for (std::size_t i = 0; i < request.orderBy.size(); ++i) sql += (i ? ", " : " ORDER BY ") + request.orderBy[i];
    try {
        return std::make_unique<Cursor>(*session_, sql, request.columns.size(), request.chunkRows,
                                        origin(request.table) + " from " + displayName_);
    } catch (const Poco::Exception& e) {
        throw SourceError("query " + origin(request.table) + " failed on " + displayName_ + ": " + e.displayText());
    }
}

}  // namespace yewu
