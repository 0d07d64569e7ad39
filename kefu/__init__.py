"""Shared infrastructure of roster, payroll and the web workspace: input errors, header-addressed
sheets, the policy file and the [team] table, the team sheet, the calendar and working time, leave
types, ID numbers and bank accounts, safe file writing and backups, input templates and the CLIs'
common options. It imports nothing from roster, payroll or web."""
