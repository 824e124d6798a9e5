SELECT order_id, line_no, product_code, product_name, quantity, unit_price_cents, amount_cents FROM order_line
