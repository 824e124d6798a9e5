SELECT id, invoice_id, paid_on, amount_cents FROM payment
