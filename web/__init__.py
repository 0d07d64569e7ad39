"""The web workspace: server-rendered pages over the roster and payroll libraries (`kefu serve`)."""
