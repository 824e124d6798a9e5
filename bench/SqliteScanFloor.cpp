// yewu_sqlite_floor DB: how long SQLite alone takes to deliver what the KPI job
// reads, with nothing done to the rows: the same five queries, in the threads
// the job uses (orders then visits; the invoice-number scan then invoices;
// payments), every cell read once through sqlite3_column_value(). It is the
// floor under `yewu run kpi` on this machine (bench/README.md, KPI section).
// Prints wall seconds; run it under /usr/bin/time for the CPU.
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdint>
#include <string>
#include <thread>

namespace {

// Steps `sql` on its own read-only connection; returns a checksum so nothing is optimised away.
std::int64_t scan(const char* path, const char* sql) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        std::fprintf(stderr, "cannot open %s\n", path);
        std::exit(1);
    }
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK) {
        std::fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(db));
        std::exit(1);
    }
    const int columns = sqlite3_column_count(statement);
    std::int64_t sum = 0;
    while (sqlite3_step(statement) == SQLITE_ROW) {
        for (int c = 0; c < columns; ++c) {
            sqlite3_value* cell = sqlite3_column_value(statement, c);
            switch (sqlite3_value_type(cell)) {
                case SQLITE_INTEGER: sum += sqlite3_value_int64(cell); break;
                case SQLITE_NULL: break;
                default: sum += sqlite3_value_bytes(cell) + *sqlite3_value_text(cell);
            }
        }
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return sum;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: yewu_sqlite_floor DB\n");
        return 2;
    }
    const char* db = argv[1];
    const auto start = std::chrono::steady_clock::now();
    std::int64_t invoices = 0, payments = 0, ordersAndVisits = 0;
    std::thread invoiceThread([&] {
        invoices += scan(db, "SELECT q.id, q.invoice_no FROM (SELECT * FROM invoice) AS q ORDER BY q.invoice_no");
        invoices += scan(db,
                         "SELECT q.id, q.invoice_no, q.customer_id, q.salesperson_id, q.invoice_date, q.due_date, "
                         "q.amount_cents FROM (SELECT * FROM invoice) AS q ORDER BY q.id");
    });
    std::thread paymentThread([&] {
        payments += scan(db,
                         "SELECT q.id, q.invoice_id, q.paid_on, q.amount_cents FROM (SELECT * FROM payment) AS q "
                         "ORDER BY q.invoice_id");
    });
    ordersAndVisits += scan(db,
                            "SELECT q.id, q.customer_id, q.salesperson_id, q.order_date, q.amount_cents, q.status "
                            "FROM (SELECT * FROM orders) AS q");
    ordersAndVisits +=
        scan(db, "SELECT q.id, q.salesperson_id, q.customer_id, q.visit_date FROM (SELECT * FROM visit) AS q");
    invoiceThread.join();
    paymentThread.join();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%.3f s (checksum %lld)\n", seconds, static_cast<long long>(invoices + payments + ordersAndVisits));
}
