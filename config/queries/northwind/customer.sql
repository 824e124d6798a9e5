-- Northwind Customers -> customer. Customer ids are text ('ALFKI'); the canonical id is the
-- 1-based position in CustomerID order (the same numbering in orders.sql and invoice.sql).
-- Northwind assigns no account owner: the owner is the employee who took the customer's first
-- order (earliest date, then smallest OrderID); a customer without orders goes to the head of
-- sales (the employee who reports to nobody). Terms are 30 days, as invoices fall due 30 days
-- after shipping; there is no credit limit.
WITH numbered AS (
    SELECT CustomerID, ROW_NUMBER() OVER (ORDER BY CustomerID) AS id FROM Customers
),
first_order AS (
    SELECT CustomerID, EmployeeID, order_date
    FROM (SELECT CustomerID, EmployeeID, date(substr(TRIM(OrderDate), 1, 10)) AS order_date,
                 ROW_NUMBER() OVER (PARTITION BY CustomerID
                                    ORDER BY date(substr(TRIM(OrderDate), 1, 10)), OrderID) AS rank
          FROM Orders)
    WHERE rank = 1
)
SELECT n.id AS id,
       c.CompanyName AS name,
       COALESCE(f.EmployeeID, (SELECT MIN(EmployeeID) FROM Employees WHERE ReportsTo IS NULL)) AS salesperson_id,
       c.Country AS region,
       COALESCE(f.order_date, (SELECT MIN(date(substr(TRIM(OrderDate), 1, 10))) FROM Orders)) AS created_on,
       TRIM(COALESCE(c.Address, '') || ', ' || COALESCE(c.City, '') || ' ' || COALESCE(c.PostalCode, '')) AS address,
       c.ContactName AS contact,
       c.Phone AS phone,
       c.CustomerID AS tax_id,
       30 AS payment_terms_days,
       0 AS credit_limit_cents
FROM Customers c
JOIN numbered n ON n.CustomerID = c.CustomerID
LEFT JOIN first_order f ON f.CustomerID = c.CustomerID
