"""Force-response monitor: is every police force's response to the stalking super-complaint
published, reachable and linked from the NPCC response on GOV.UK?

The package root only re-exports; the flow is config -> source -> fetch -> verify -> store ->
report/digest (see DESIGN.md).
"""

__version__ = "0.1.0"
