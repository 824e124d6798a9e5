SELECT id, salesperson_id, customer_id, visit_date, kind, outcome FROM visit
