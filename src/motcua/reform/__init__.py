"""The steering committee's work on administrative reform (Ban Chỉ đạo cải cách hành chính).

Plans issued by a decision, in task groups; tasks with an owner unit, deadline and expected output;
progress reports with evidence; completion against plan; meetings and their conclusions; inspections
and required fixes; pilot units; PAR INDEX, SIPAS, PAPI and PCI with targets; sensitive posts and
their rotation; leaders' citizen reception days. See docs/adr/0004-reform.md.
"""
