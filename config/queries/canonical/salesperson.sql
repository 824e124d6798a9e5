SELECT id, name, email, team, region, manager_id, hired_on, active FROM salesperson
