"""Pay rules: one module per rule family, each rule a small pure function returning PayLines.

Attendance pay (per employee): base_salary, leave, overtime, allowances.
Presale project rewards and negative incentives (茵曼 example [001], ranked over a group):
exam, typing_speed, items_per_customer, monthly_summary, sales_target; `projects.project_lines`
runs them all for the roles the policy names.
"""
