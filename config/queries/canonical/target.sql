SELECT salesperson_id, month, sales_target_cents, visit_target FROM target
