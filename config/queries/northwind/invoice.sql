-- Each shipped Northwind order -> one invoice for the order amount, dated the shipping date and
-- due 30 days later. Orders not yet shipped (ShippedDate NULL) are not invoiced.
WITH line AS (
    SELECT OrderID,
           (CAST(ROUND(UnitPrice * 100) AS INTEGER) * Quantity * (10000 - CAST(ROUND(Discount * 10000) AS INTEGER))
            + 5000) / 10000 AS cents
    FROM [Order Details]
),
total AS (SELECT OrderID, SUM(cents) AS cents FROM line GROUP BY OrderID),
numbered AS (SELECT CustomerID, ROW_NUMBER() OVER (ORDER BY CustomerID) AS id FROM Customers)
SELECT o.OrderID AS id,
       'NW-' || o.OrderID AS invoice_no,
       o.OrderID AS order_id,
       n.id AS customer_id,
       o.EmployeeID AS salesperson_id,
       date(substr(TRIM(o.ShippedDate), 1, 10)) AS invoice_date,
       date(substr(TRIM(o.ShippedDate), 1, 10), '+30 days') AS due_date,
       COALESCE(t.cents, 0) AS amount_cents
FROM Orders o
LEFT JOIN numbered n ON n.CustomerID = o.CustomerID
LEFT JOIN total t ON t.OrderID = o.OrderID
WHERE o.ShippedDate IS NOT NULL AND TRIM(o.ShippedDate) <> ''
