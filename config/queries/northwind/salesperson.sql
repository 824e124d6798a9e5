-- Northwind Employees -> salesperson. Every employee takes orders in Northwind, so all become
-- salespeople; ReportsTo is the manager; the office country is the team and the region.
SELECT EmployeeID AS id,
       TRIM(FirstName || ' ' || LastName) AS name,
       NULL AS email,
       Country AS team,
       Country AS region,
       ReportsTo AS manager_id,
       date(substr(TRIM(HireDate), 1, 10)) AS hired_on,
       1 AS active
FROM Employees
