SELECT id, name, salesperson_id, region, created_on, address, contact, phone, tax_id, payment_terms_days, credit_limit_cents FROM customer
