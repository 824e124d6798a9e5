-- The canonical yewu schema (DESIGN.md, "Canonical data model").
-- Money is INTEGER cents, dates TEXT 'YYYY-MM-DD', months TEXT 'YYYY-MM', flags INTEGER 0/1.
-- Deliberately no PRIMARY KEY, UNIQUE, FOREIGN KEY or CHECK constraints: duplicate and
-- dangling rows are the validator's to find, and test fixtures must be able to insert them.
-- The indexes serve the readers' range and lookup queries only.

CREATE TABLE salesperson (
    id INTEGER,
    name TEXT,
    email TEXT,
    team TEXT,
    region TEXT,
    manager_id INTEGER,
    hired_on TEXT,
    active INTEGER
);

CREATE TABLE customer (
    id INTEGER,
    name TEXT,
    salesperson_id INTEGER,
    region TEXT,
    created_on TEXT,
    address TEXT,
    contact TEXT,
    phone TEXT,
    tax_id TEXT,
    payment_terms_days INTEGER,
    credit_limit_cents INTEGER
);

CREATE TABLE orders (
    id INTEGER,
    order_no TEXT,
    customer_id INTEGER,
    salesperson_id INTEGER,
    order_date TEXT,
    amount_cents INTEGER,
    status TEXT
);

CREATE TABLE order_line (
    order_id INTEGER,
    line_no INTEGER,
    product_code TEXT,
    product_name TEXT,
    quantity INTEGER,
    unit_price_cents INTEGER,
    amount_cents INTEGER
);

CREATE TABLE invoice (
    id INTEGER,
    invoice_no TEXT,
    order_id INTEGER,
    customer_id INTEGER,
    salesperson_id INTEGER,
    invoice_date TEXT,
    due_date TEXT,
    amount_cents INTEGER
);

CREATE TABLE payment (
    id INTEGER,
    invoice_id INTEGER,
    paid_on TEXT,
    amount_cents INTEGER
);

CREATE TABLE visit (
    id INTEGER,
    salesperson_id INTEGER,
    customer_id INTEGER,
    visit_date TEXT,
    kind TEXT,
    outcome TEXT
);

CREATE TABLE target (
    salesperson_id INTEGER,
    month TEXT,
    sales_target_cents INTEGER,
    visit_target INTEGER
);

CREATE TABLE rating (
    salesperson_id INTEGER,
    month TEXT,
    attitude_score INTEGER,
    satisfaction_score INTEGER
);

CREATE INDEX orders_order_date ON orders (order_date);
CREATE INDEX order_line_order_id ON order_line (order_id);
CREATE INDEX invoice_due_date ON invoice (due_date);
-- Jobs stream invoices by id merged with payments by (invoice_id, paid_on, id):
-- these two indexes let SQLite stream both without sorting in memory.
CREATE INDEX invoice_id ON invoice (id);
-- The duplicate-number check streams invoices by (invoice_no, id).
CREATE INDEX invoice_invoice_no ON invoice (invoice_no, id);
CREATE INDEX payment_invoice_id ON payment (invoice_id, paid_on, id);
CREATE INDEX visit_visit_date ON visit (visit_date);
