-- Northwind Orders -> orders. Every Northwind order is a real (confirmed) order; its amount is
-- the sum of its net lines as order_line.sql computes them (freight is not sales). OrderDate is
-- stored as 'YYYY-MM-DD hh:mm:ss.sss': only the date part is kept. An order without lines gets
-- amount 0.
WITH line AS (
    SELECT OrderID,
           (CAST(ROUND(UnitPrice * 100) AS INTEGER) * Quantity * (10000 - CAST(ROUND(Discount * 10000) AS INTEGER))
            + 5000) / 10000 AS cents
    FROM [Order Details]
),
total AS (SELECT OrderID, SUM(cents) AS cents FROM line GROUP BY OrderID),
numbered AS (SELECT CustomerID, ROW_NUMBER() OVER (ORDER BY CustomerID) AS id FROM Customers)
SELECT o.OrderID AS id,
       CAST(o.OrderID AS TEXT) AS order_no,
       n.id AS customer_id,
       o.EmployeeID AS salesperson_id,
       date(substr(TRIM(o.OrderDate), 1, 10)) AS order_date,
       COALESCE(t.cents, 0) AS amount_cents,
       'confirmed' AS status
FROM Orders o
LEFT JOIN numbered n ON n.CustomerID = o.CustomerID
LEFT JOIN total t ON t.OrderID = o.OrderID
