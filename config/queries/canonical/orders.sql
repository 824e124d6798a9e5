SELECT id, order_no, customer_id, salesperson_id, order_date, amount_cents, status FROM orders
