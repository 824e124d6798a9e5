SELECT id, invoice_no, order_id, customer_id, salesperson_id, invoice_date, due_date, amount_cents FROM invoice
