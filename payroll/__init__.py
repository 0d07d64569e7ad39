"""Payroll engine: attendance and KPI sheet to pay, ledger and the finance workbook."""
