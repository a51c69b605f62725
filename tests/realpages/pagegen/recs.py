"""The report's recommendations to chief constables, as forces quote them, and what forces answer.

The recommendation sentences are the public report's text as quoted in
shared/realpages/recommendations.md (Crown copyright, Open Government Licence), with the variants
forces use. Everything a force says in answer (actions, updates, owners, statuses) is our own
invented wording.
"""

from __future__ import annotations

import random

# -- recommendation 7 (crime recording: included classifications) ---------------------------------

R7 = ("By 27 March 2025, where required, seek changes to their crime recording systems to enable staff and "
      "officers to document and search for crimes not recorded as the principal crime, as included "
      "classifications on crime records.")
R7_SHORT_DATE = R7.replace("By 27 March 2025", "By 27/03/25")
R7_NO_THEIR = R7.replace("changes to their crime", "changes to crime")
R7_NO_DATE = "Where required, seek changes to their crime recording systems" + R7.split("systems", 1)[1]
R7_PARAPHRASE = ("By 27 March 2025, where required, forces are to make changes to their crime recording "
                 "systems to enable staff and officers to document and search for crimes not recorded as the "
                 "principal crime, so that every stalking and harassment offence can be found.")
R7_1 = "Processes should be put in place to make sure this system capability is effectively used by officers and staff."
R7_2 = ("While any necessary system changes are pending, chief constables should put alternative measures in place "
        "to make sure stalking and related offences are fully searchable. This could, for example, be the "
        "submission of intelligence reports.")
R7_2_CAPS = R7_2.replace("chief constables", "Chief Constables")
R7_2_REWORDED = ("While any necessary system changes are pending, alternative measures should be put in place to "
                 "make sure stalking and related offences are fully searchable. This could, for example, be the "
                 "submission of intelligence reports.")

# -- recommendation 10 (learning and training) ----------------------------------------------------

R10 = "By 27 March 2025, review and update their learning and training provision relating to stalking."
R10_SHORT_DATE = R10.replace("By 27 March 2025", "By 27/03/25")

# -- publishing the action plan (number not known) ------------------------------------------------

PUBLISH = ("By 22 November 2024 (56 days from publication), publish on their force website an action plan which "
           "explains what their force will do in response to each of the recommendations made to them and send "
           "the NPCC a link to where this action plan can be found.")
PUBLISH_FORCES = ("By 22 November 2024 (56 days from publication), forces will publish on their website an action "
                  "plan which explains what their force will do in response to each of the recommendations made "
                  "to them and send the NPCC a link to where this action plan can be found.")
PUBLISH_GIST = ("Forces are required to publish an action plan on their website which explains what their force "
                "will do in response to each of the recommendations made to them.")

# -- three more, numbers not known; 16 and 25, joint with PCCs -----------------------------------

INVESTIGATION = ("By 27 March 2025, take steps to improve the quality of stalking investigations by taking a victim "
                 "centred, suspect focussed and context led approach.")
ONLINE = ("By 27 March 2025, take steps to improve how their force effectively recognises and responds to online "
          "elements of stalking.")
SCREENING = ("By 27 March 2025, implement a mechanism for early screening of crimes to improve the identification, "
             "recording and management of all stalking cases.")
R16 = ("By 27 March 2025, work together to review commissioning arrangements so that collaborative working is "
       "embedded between the police force and local victim support services.")
R25 = ("Work with local partners to explore how to improve joint working between the police force and partners "
       "so that there is an effective multi-agency approach to stalking.")

# -- what forces answer (our own wording) ---------------------------------------------------------

ACTIONS_7 = (
    "The force records stalking as an included classification on the crime record where it is not the principal "
    "crime. A change request has been raised with our records management system supplier so that these "
    "classifications can be searched.",
    "Our crime recording system already allows secondary classifications to be added. We will make stalking a "
    "searchable field and brief the crime bureau so it is used every time.",
    "A review of our records management system found that included classifications can be recorded but not "
    "searched. A system change has been commissioned and is due for release in the spring.",
    "Force Crime Registrar to confirm the system capability. A flag for stalking behaviour has been added to "
    "Niche so that related offences can be found in searches and audits.",
)
ACTIONS_7_1 = (
    "Guidance on recording included classifications has been published on the intranet and added to the "
    "crime recording training for call handlers and investigators.",
    "Compliance will be checked in the monthly crime data integrity audit, with results reported to the "
    "Stalking and Harassment Working Group.",
    "A briefing has gone to all officers and staff, and the Crime Management Unit checks new stalking "
    "records each week.",
)
ACTIONS_7_2 = (
    "Until the system change is live, an intelligence report is submitted for every crime where stalking "
    "behaviour is present, so that these offences remain searchable.",
    "An interim flag and a weekly report from the analyst team make sure related offences can be found while "
    "the change is pending.",
)
ACTIONS_10 = (
    "A training needs analysis has been completed. All frontline officers will complete the College of "
    "Policing stalking learning by March 2025, and investigators receive an additional input.",
    "Stalking training has been reviewed with the Suzy Lamplugh Trust. New inputs cover cyber stalking, "
    "the FOUR mnemonic and Stalking Protection Orders.",
    "The learning and development team has refreshed the stalking and harassment package; uptake is "
    "reported to the chief officer group each quarter.",
)
ACTIONS_OTHER = {
    INVESTIGATION: ("A stalking investigation checklist and supervisory review at 7 and 28 days have been introduced.",
                    "Specialist stalking advisers review high-risk cases and give early investigative advice."),
    ONLINE: ("Digital investigators support officers with online stalking, and guidance on capturing online "
             "evidence is in the investigation checklist.",),
    SCREENING: ("All reports of harassment are screened by the Stalking Clinic within 24 hours to identify stalking.",
                "A daily review of new crimes identifies stalking behaviour that was recorded as harassment."),
    R16: ("Joint review with the Office of the Police and Crime Commissioner of the services we commission for "
          "stalking victims, including advocacy.",),
    R25: ("A multi-agency stalking intervention panel meets monthly with probation, health and advocacy services.",),
}
UPDATES_7 = (
    "Complete. The system change went live in February 2025 and is checked in the monthly audit.",
    "Ongoing. Supplier change scheduled; interim intelligence reports in use.",
    "Complete. Searches for included classifications are now available to all analysts.",
)
UPDATES_10 = (
    "In progress. 78% of frontline officers have completed the training.",
    "Complete. The refreshed course has been part of initial training since January 2025.",
)
UPDATES = ("Action complete.", "Ongoing.", "Complete.", "In progress; next review June 2025.")
STATUSES = ("Action complete", "Complete", "In progress", "Ongoing", "Partially complete")
OWNERS = ("Chief Constables", "Chief constables", "Chief Constable")
LEADS = ("Detective Chief Superintendent, Head of Public Protection", "Assistant Chief Constable (Crime)",
         "Detective Superintendent, Safeguarding", "Head of Crime and Justice")
UPDATE_DATES = ("Nov-24", "Mar-25", "Dec-24", "Jan-25")


def pick(rng: random.Random, options: tuple[str, ...]) -> str:
    return options[rng.randrange(len(options))]
