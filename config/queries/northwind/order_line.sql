-- Northwind [Order Details] -> order_line, one line per product, numbered by ProductID.
-- Amounts are computed exactly in integer cents: unit price in cents (Northwind prices have at
-- most two decimals), discount in basis points, and the net line amount
-- price x quantity x (1 - discount) rounded half up to a cent, per line.
WITH d AS (
    SELECT od.OrderID, od.ProductID, od.Quantity,
           CAST(ROUND(od.UnitPrice * 100) AS INTEGER) AS price_cents,
           CAST(ROUND(od.Discount * 10000) AS INTEGER) AS discount_bp
    FROM [Order Details] od
)
SELECT d.OrderID AS order_id,
       ROW_NUMBER() OVER (PARTITION BY d.OrderID ORDER BY d.ProductID) AS line_no,
       CAST(d.ProductID AS TEXT) AS product_code,
       p.ProductName AS product_name,
       d.Quantity AS quantity,
       d.price_cents AS unit_price_cents,
       (d.price_cents * d.Quantity * (10000 - d.discount_bp) + 5000) / 10000 AS amount_cents
FROM d
LEFT JOIN Products p ON p.ProductID = d.ProductID
