SELECT salesperson_id, month, attitude_score, satisfaction_score FROM rating
