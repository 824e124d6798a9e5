#include "InvoicePaymentMerge.h"

#include <map>
#include <optional>
#include <string>
#include <utility>

#include "connectors/DuplicateKeys.h"
#include "connectors/IdSet.h"
#include "connectors/TableReader.h"

namespace yewu {

namespace {

class InvoiceRules {
public:
    InvoiceRules(const InvoicePaymentRefs& refs, std::multimap<Id, DuplicateKey> duplicateNumbers)
        : refs_(refs), duplicateNumbers_(std::move(duplicateNumbers)) {}

    // Why an invoice cannot be used (field, value, reason), or nullopt when it can.
    std::optional<std::pair<std::string, std::string>> problem(const Invoice& inv, std::string& value) {
        // Invoices arrive ordered by id, so a repeated id follows the row that keeps it.
        if (lastInvoiceId_ && *lastInvoiceId_ == inv.id)
            return {{"id", (value = std::to_string(inv.id), "duplicate invoice id")}};
        lastInvoiceId_ = inv.id;
        if (const auto dup = duplicateNumbers_.find(inv.id); dup != duplicateNumbers_.end())
            return {{"invoice_no", (value = inv.invoiceNo, "duplicate invoice number, already used by invoice id " +
                                                               std::to_string(dup->second.firstId))}};
        if (!refs_.knownCustomer(inv.customerId))
            return {{"customer_id", (value = std::to_string(inv.customerId), "unknown or quarantined customer")}};
        if (!refs_.knownSalesperson(inv.salespersonId))
            return {{"salesperson_id",
                     (value = std::to_string(inv.salespersonId), "unknown or quarantined salesperson")}};
        if (!inv.amount.isPositive())
            return {{"amount_cents", (value = std::to_string(inv.amount.cents()), "amount must be positive")}};
        if (inv.dueDate < inv.invoiceDate)
            return {{"due_date", (value = inv.dueDate.iso(), "due before the invoice date " + inv.invoiceDate.iso())}};
        return std::nullopt;
    }

private:
    const InvoicePaymentRefs& refs_;
    std::multimap<Id, DuplicateKey> duplicateNumbers_;
    std::optional<Id> lastInvoiceId_;
};

}  // namespace

void mergeInvoicesAndPayments(JobContext& context, RowFingerprint& fingerprint, const InvoicePaymentRefs& refs,
                              const std::function<void(const Invoice&, const std::vector<Payment>&)>& onInvoice) {
    mergeInvoicesAndPayments(context.source, context.accounting, fingerprint, refs, onInvoice);
}

void mergeInvoicesAndPayments(Source& source, RowAccounting& accounting, RowFingerprint& fingerprint,
                              const InvoicePaymentRefs& refs,
                              const std::function<void(const Invoice&, const std::vector<Payment>&)>& onInvoice) {
    mergeInvoicesAndPayments(source, accounting, fingerprint, refs, onInvoice,
                             findDuplicateKeys(source, Table::Invoice, "id", "invoice_no"));
}

void mergeInvoicesAndPayments(Source& source, RowAccounting& accounting, RowFingerprint& fingerprint,
                              const InvoicePaymentRefs& refs,
                              const std::function<void(const Invoice&, const std::vector<Payment>&)>& onInvoice,
                              std::multimap<Id, DuplicateKey> duplicateNumbers) {
    InvoiceRules rules(refs, std::move(duplicateNumbers));
    TableReader<Invoice> invoices(source, Table::Invoice,
                                  {"id", "invoice_no", "customer_id", "salesperson_id", "invoice_date", "due_date",
                                   "amount_cents"},
                                  {"id", "invoice_no"}, &RowDecoder::invoice, accounting, &fingerprint);
    TableReader<Payment> payments(source, Table::Payment, {"id", "invoice_id", "paid_on", "amount_cents"},
                                  {"invoice_id", "paid_on", "id"}, &RowDecoder::payment, accounting, &fingerprint);
    IdSet paymentIds;
    std::vector<Payment> used;
    const Payment* payment = payments.next();

    // Payments whose invoice id sorts before `invoiceId` have no usable invoice.
    auto rejectOrphansBefore = [&](std::optional<Id> invoiceId) {
        while (payment && (!invoiceId || payment->invoiceId < *invoiceId)) {
            payments.reject("invoice_id", std::to_string(payment->invoiceId), "unknown or quarantined invoice");
            payment = payments.next();
        }
    };

    while (const Invoice* inv = invoices.next()) {
        std::string value;
        if (const auto problem = rules.problem(*inv, value)) {
            invoices.reject(problem->first, value, problem->second);
            continue;  // its payments become orphans
        }
        invoices.use();
        rejectOrphansBefore(inv->id);

        used.clear();
        Money paidTotal;
        for (; payment && payment->invoiceId == inv->id; payment = payments.next()) {
            if (!paymentIds.insert(payment->id)) {
                payments.reject("id", std::to_string(payment->id), "duplicate payment id");
            } else if (!payment->amount.isPositive()) {
                payments.reject("amount_cents", std::to_string(payment->amount.cents()), "amount must be positive");
            } else if (payment->paidOn < inv->invoiceDate) {
                payments.reject("paid_on", payment->paidOn.iso(),
                                "paid before invoice " + inv->invoiceNo + " was issued on " + inv->invoiceDate.iso());
            } else if (paidTotal + payment->amount > inv->amount) {
                payments.reject("amount_cents", std::to_string(payment->amount.cents()),
                                "payments would exceed invoice " + inv->invoiceNo + " amount " + inv->amount.format());
            } else {
                paidTotal += payment->amount;
                used.push_back(*payment);
                payments.use();
            }
        }
        onInvoice(*inv, used);
    }
    rejectOrphansBefore(std::nullopt);
}

ReceivablesDetailRow openInvoiceRow(const Invoice& inv, const OpenItem& item, std::string customerName,
                                    std::string salespersonName) {
    ReceivablesDetailRow row;
    row.invoiceNo = inv.invoiceNo;
    row.invoiceDate = inv.invoiceDate;
    row.dueDate = inv.dueDate;
    row.customerId = inv.customerId;
    row.customerName = std::move(customerName);
    row.salespersonName = std::move(salespersonName);
    row.amount = inv.amount;
    row.paid = item.paid;
    row.open = item.open;
    row.daysPastDue = item.daysPastDue;
    row.bucket = item.bucket;
    return row;
}

}  // namespace yewu
