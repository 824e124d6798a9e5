// HttpJsonSource: canonical rows from an HTTP JSON API (`http://…`, `https://…`)
// through Poco::Net and Poco::JSON. Configuration ([source.http], all optional):
//
//   <table>.endpoint      path under the base URI (default: the table name; empty:
//                         the table is empty), e.g. invoice.endpoint = invoices
//   <table>.query         extra query parameters for that table ("status=open")
//   <table>.map.<column>  the JSON field (a.b for nested) holding canonical <column>
//                         (default: the column name)
//   date_from, date_to    a date range sent as query parameters on every request,
//   from_param, to_param  named by from_param / to_param (default "from" / "to")
//   records_field         the page's array of records (default "data"; a page that
//                         is itself an array is the records)
//   pagination            next_link (default): next_field (default "next") holds the
//                         next page's URL, absolute or relative, or null at the end;
//                         cursor: cursor_field (default "next_cursor") holds a token
//                         sent back as cursor_param (default "cursor")
//   timeout               seconds per request (default 30)
// The bearer token comes from source.http.token or source.token (YEWU_SOURCE__TOKEN),
// never from a file; it is sent as "Authorization: Bearer …" and never printed.
//
// Failures: a 5xx, a 429 (waiting Retry-After seconds when given, at most 120), a
// timeout or a dropped connection is retried with backoff (source.retries,
// source.retry_delay); any other status, or a page that is not JSON or lacks its
// records array, throws SourceError naming the URL and page number (the run
// fails, nothing is published). A record that is not an object, or a field that
// is an object or array, is delivered with RawRow::problem set and quarantined.
//
// Rows are numbered in arrival order across pages (origin(): the endpoint URL).
// An API cannot sort for us: a job's ORDER BY is applied by OrderedCursor
// (ExternalSorter, source.sort_memory_mb).
#pragma once

#include <map>
#include <string>

#include <Poco/URI.h>

#include "RetryPolicy.h"
#include "Source.h"

namespace yewu {

class HttpJsonSource : public Source {
public:
    // Throws SourceError for a URI that is not http(s) or a malformed configuration.
    HttpJsonSource(const std::string& baseUri, const Poco::Util::AbstractConfiguration& config,
                   std::string displayName);

    std::string describe() const override { return displayName_; }
    std::string origin(Table table) const override;
    std::unique_ptr<RowCursor> open(const ScanRequest& request) override;

    struct Settings {
        std::string recordsField = "data";
        bool cursorPagination = false;
        std::string nextField = "next";
        std::string cursorField = "next_cursor";
        std::string cursorParam = "cursor";
        std::vector<std::pair<std::string, std::string>> commonParams;  // the date range
        double timeoutSeconds = 30;
        std::string token;
        std::size_t sortMemoryBytes = std::size_t(64) << 20;
    };

private:
    class Pages;
    Poco::URI endpoint(Table table) const;

    Poco::URI base_;
    std::string displayName_;
    Settings settings_;
    RetryPolicy retry_;
    std::map<Table, std::string> endpoints_;
    std::map<Table, std::string> queries_;
    std::map<Table, std::map<std::string, std::string>> fieldOf_;  // canonical -> JSON field
};

}  // namespace yewu
