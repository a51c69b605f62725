"""The bundled offline replica: a loopback HTTP+HTTPS server replaying GOV.UK's NPCC response and
one web site per police force, with injectable faults. Runtime code is stdlib only.

    forces = load_forces()                      # or build ReplicaForce(...) list yourself
    scenario = default_scenario(forces)         # the demo, with planted faults in scenario.expected
    with Replica(scenario) as replica:
        replica.connect_to                      # {"*:443": "127.0.0.1:<port>", "*:80": ...}
        replica.ca_path                         # trust this CA for https
"""

from ._http import Request, Response
from .default import default_scenario
from .govuk import COLLECTION_URL, CONTENT_API_URL, NPCC_PAGE_URL
from .scenario import Behaviour, Exchange, Expected, NpccDocument, NpccLink, ReplicaForce, Scenario, Site, load_forces
from .server import AccessRecord, Replica

__all__ = [
    "AccessRecord",
    "Behaviour",
    "COLLECTION_URL",
    "CONTENT_API_URL",
    "Exchange",
    "Expected",
    "NPCC_PAGE_URL",
    "NpccDocument",
    "NpccLink",
    "Replica",
    "ReplicaForce",
    "Request",
    "Response",
    "Scenario",
    "Site",
    "default_scenario",
    "load_forces",
]
