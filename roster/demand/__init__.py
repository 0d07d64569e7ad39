"""Staffing from demand: contacts per interval to required agents, and agents on shift per interval.

erlang      Erlang C and Erlang A (abandonment), with chat concurrency and shrinkage
settings    the typed `[roster.demand]` policy table (service-level targets, roles, breaks, promotions)
demand_file the demand workbook: a forecast (咨询量) or past weeks (历史咨询量), cell-precise errors
forecast    day-of-week × interval profile from past weeks, promotion multipliers
required    required agents per day, interval and role; the Instance's IntervalCover
intervals   who is on shift in each interval (shift start, end, staggered breaks, across midnight)
staffing    required vs planned per interval, predicted service level, agent-hours (report and CLI)
"""
