// The invoice and payment streams every receivables-based job reads: invoices
// ordered by id merged with payments ordered by (invoice_id, paid_on, id),
// each row validated and either used or quarantined, so memory is bounded by
// one invoice's payments, not by the tables.
//
// Invoice rules: unique id, unique invoice number, known customer and
// salesperson, positive amount, due date not before the invoice date.
// Payment rules: unique id, positive amount, a usable invoice, not dated
// before its invoice, and the invoice's payments never exceeding its amount.
// A payment of a quarantined invoice is quarantined too.
//
// Shared by the receivables and KPI jobs so both read the same receivables;
// SourceError from the source propagates (the Runner reports it).
#pragma once

#include <functional>
#include <map>
#include <vector>

#include "Job.h"
#include "connectors/DuplicateKeys.h"
#include "connectors/RowFingerprint.h"
#include "core/Entities.h"
#include "core/ReceivablesAging.h"
#include "reports/xlsx/ReceivablesWorkbook.h"

namespace yewu {

struct InvoicePaymentRefs {
    std::function<bool(Id)> knownCustomer;     // a customer that was not quarantined
    std::function<bool(Id)> knownSalesperson;  // a salesperson that was not quarantined
};

// Calls onInvoice once per usable invoice, in id order, with its usable payments in
// (paid_on, id) order (the vector is reused between calls).
void mergeInvoicesAndPayments(JobContext& context, RowFingerprint& fingerprint, const InvoicePaymentRefs& refs,
                              const std::function<void(const Invoice&, const std::vector<Payment>&)>& onInvoice);
// The same with its own accounting, for a job that reads these tables on another thread.
void mergeInvoicesAndPayments(Source& source, RowAccounting& accounting, RowFingerprint& fingerprint,
                              const InvoicePaymentRefs& refs,
                              const std::function<void(const Invoice&, const std::vector<Payment>&)>& onInvoice);

// The same with the repeated invoice numbers already found (findDuplicateKeys on
// invoice id and invoice_no), for a job that looks for them while it reads other tables.
void mergeInvoicesAndPayments(Source& source, RowAccounting& accounting, RowFingerprint& fingerprint,
                              const InvoicePaymentRefs& refs,
                              const std::function<void(const Invoice&, const std::vector<Payment>&)>& onInvoice,
                              std::multimap<Id, DuplicateKey> duplicateNumbers);

// An open invoice as the workbooks' detail rows show it.
ReceivablesDetailRow openInvoiceRow(const Invoice& inv, const OpenItem& item, std::string customerName,
                                    std::string salespersonName = "");

}  // namespace yewu
