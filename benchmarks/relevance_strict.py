"""A second, stricter set of judged prospect profiles over the sample library.

Written from the use cases' own text (title, goal, segments, personas, tags), independently of
the first set (`relevance_profiles`) and before looking at what the recommender picks for them;
never adjusted to its output. Grades: 2 bring, 1 fine, every other approved use case 0.

Stricter than the first set: "fine" is kept for use cases a rep could honestly defend bringing,
not for the rest of the industry, so a same-industry pick that misses the notes scores 0. The
hard cases are tagged in the name: synonym (the notes use other words than the use case),
jargon (CRM and trade abbreviations), alias (a segment or title the library keeps as an alias),
typo, persona-only (no notes), chatter (notes mostly small talk), leave-out (a use case the rep
put a minus before, graded 0 whatever it says), cross (a use case tagged for two industries).
"""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.relevance_profiles import Profile


@dataclass(frozen=True)
class Judged(Profile):
    """A profile graded like the first set's, and what the rep typed to leave use cases out."""

    include: str = ""  # 'Always include / leave out', as typed: "-UC-HC-001"

    def grade(self, use_case_id: str) -> int:
        if f"-{use_case_id}" in self.include.replace(" ", "").split(","):
            return 0
        return super().grade(use_case_id)


J = Judged
JUDGED: tuple[Judged, ...] = (
    # Healthcare
    J("synonym: chart digging before visits", "Healthcare", "Mid-market", ("CIO",),
      "Physicians spend ages digging through the chart before each visit; outside records "
      "still arrive by fax.", ("UC-HC-001",), ("UC-HC-005", "UC-HC-002")),
    J("clinic: phones and no-shows", "Healthcare", "SMB", ("COO",),
      "The front desk is drowning in calls to book and reschedule, and no-shows are up.",
      ("UC-HC-003",), ("UC-HC-006",)),
    J("typo: Helthcare lobby clipboards", "Helthcare", "Mid-market", ("HEAD-CX",),
      "Patients wait in the lobby filling in clipboards; insurance details are wrong and "
      "copays go uncollected.", ("UC-HC-006",), ("UC-HC-003",)),
    J("alias: Hospital, medication safety", "Hospital", "Enterprise", ("CMIO",),
      "Adverse drug events and pharmacy call-backs about prescriptions.", ("UC-HC-004",),
      ("UC-HC-001",)),
    J("synonym: referral leakage", "Healthcare", "Enterprise", ("COO",),
      "Patients we send out never show up at the specialist and we lose track of them.",
      ("UC-HC-005",), ("UC-HC-002", "UC-HC-003")),
    J("care plan changes not seen", "Healthcare", "Mid-market", ("CMIO", "COO"),
      "The care team doesn't see plan changes after a visit; follow-ups fall through the "
      "cracks.", ("UC-HC-002",), ("UC-HC-005",)),
    J("leave-out: records without UC-HC-001", "Healthcare", "Mid-market", ("CIO",),
      "records lookup and referrals to specialists", ("UC-HC-005",), ("UC-HC-002",),
      include="-UC-HC-001"),
    # Finance
    J("alias: Banking, account takeover", "Banking", "Mid-market", ("CISO",),
      "Account takeovers after credential stuffing; password-reset calls flood the contact "
      "center.", ("UC-FIN-001",), ("UC-FIN-007", "UC-FIN-003")),
    J("alias+jargon: Credit union chargebacks", "Credit union", "SMB", ("COO",),
      "Chargeback backlog, Reg E deadlines missed, members call for status.", ("UC-FIN-004",),
      ("UC-FIN-007",)),
    J("jargon: APP scams", "Finance", "Enterprise", ("CISO", "CFO"),
      "APP scam losses are up and first-time payee checks are weak.", ("UC-FIN-003",),
      ("UC-FIN-001", "UC-FIN-007", "UC-FIN-006")),
    J("jargon: KYB onboarding", "Finance", "Mid-market", ("VP-SALES",),
      "Small-business applicants drop out; KYB paperwork takes weeks and needs a branch "
      "visit.", ("UC-FIN-005",)),
    J("cross: dual control at a manufacturer", "Manufacturing", "Enterprise", ("CFO",),
      "One person can release the supplier payment run; auditors flagged segregation of "
      "duties.", ("UC-FIN-006",), ("UC-MFG-003",)),
    J("persona-only: CISO at a bank", "Finance", "Enterprise", ("CISO",), "",
      ("UC-FIN-001", "UC-FIN-003", "UC-FIN-006"), ("UC-FIN-005", "UC-FIN-007")),
    J("synonym: what cleared, what's pending", "Finance", "SMB", ("HEAD-CX",),
      "Members phone the branch just to ask what cleared and what is still pending.",
      ("UC-FIN-002",), ("UC-FIN-007", "UC-FIN-004")),
    J("alias: midsize, Head of CX, lost cards", "Finance", "midsize", ("Head of CX",),
      "Lost-card calls at night keep the call center busy.", ("UC-FIN-007",), ("UC-FIN-004",)),
    # E-commerce
    J("jargon: WISMO", "E-commerce", "Mid-market", ("HEAD-CX",),
      "WISMO tickets are 40% of our contact volume.", ("UC-ECOM-004",), ("UC-LOG-002",)),
    J("alias: Ecommerce, zero results", "Ecommerce", "Enterprise", ("CMO",),
      "Shoppers search, get nothing back and bounce; typos and synonyms are not handled.",
      ("UC-ECOM-001",)),
    J("alias: Online retail, carts left behind", "Online retail", "SMB", ("CMO",),
      "People fill carts on their phones and never come back to buy.", ("UC-ECOM-002",),
      ("UC-ECOM-003",)),
    J("returns handled by phone", "E-commerce", "Mid-market", ("CFO", "COO"),
      "Returns handled by agents on the phone are expensive and refunds are slow.",
      ("UC-ECOM-005",), ("UC-ECOM-004",)),
    J("synonym: reorder every month", "E-commerce", "SMB", ("CMO",),
      "Customers reorder the same supplies every month but drift away; we want repeat "
      "revenue.", ("UC-ECOM-006",), ("UC-ECOM-002",)),
    J("coupon codes leak margin", "E-commerce", "Enterprise", ("CFO",),
      "Coupon codes get shared on deal sites and we cannot attribute the discounts.",
      ("UC-ECOM-007",)),
    # Logistics
    J("quotes by email", "Logistics", "SMB", ("VP-SALES",),
      "Shippers email for a quote and wait a day; reps re-key every booking.",
      ("UC-LOG-001",)),
    J("alias: Freight, late deliveries", "Freight", "Mid-market", ("HEAD-CX",),
      "Customers call us first about late deliveries; we hear about delays too late.",
      ("UC-LOG-002",), ("UC-ECOM-004",)),
    J("jargon: POD disputes", "Logistics", "Mid-market", ("CFO",),
      "POD disputes hold up invoicing and paper delivery receipts get lost.", ("UC-LOG-003",)),
    J("trucks queue at the gate", "Logistics", "Enterprise", ("COO",),
      "Trucks queue at the gate for hours and we pay detention.", ("UC-LOG-004",),
      ("UC-LOG-002",)),
    J("cross: dock at a plant", "Manufacturing", "Mid-market", ("COO",),
      "Inbound trucks turn up unannounced and wait at our dock.", ("UC-LOG-004",),
      ("UC-MFG-003",)),
    J("chatter: a carrier's paper signatures", "Logistics", "Mid-market", (),
      "Great call last week, their CEO loves golf and the budget cycle is in Q3. Main issue: "
      "drivers' paper delivery signatures go missing.", ("UC-LOG-003",)),
    # Insurance
    J("jargon: FNOL by phone", "Insurance", "Mid-market", ("HEAD-CX",),
      "FNOL is phone-only and policyholders don't know what happens next after an accident.",
      ("UC-INS-001",), ("UC-INS-004",)),
    J("alias: Insurer, online quotes", "Insurer", "SMB", ("VP-SALES", "CMO"),
      "Agents spend their time on simple home policies; online quotes drop off before "
      "purchase.", ("UC-INS-002",), ("UC-INS-003",)),
    J("synonym: shopping around at renewal", "Insurance", "Mid-market", ("CMO",),
      "Policyholders shop around at renewal and we lose them.", ("UC-INS-003",),
      ("UC-INS-002",)),
    J("claim pay-outs by cheque", "Insurance", "Enterprise", ("CFO",),
      "Settled claims take a week to pay out by cheque.", ("UC-INS-004",), ("UC-INS-001",)),
    # Manufacturing
    J("typo: Manufacturng downtime", "Manufacturng", "Mid-market", ("COO",),
      "Line-down faults wait for maintenance; unplanned downtime is our biggest cost.",
      ("UC-MFG-001",)),
    J("failed inspections and recalls", "Manufacturing", "Enterprise", ("COO",),
      "Failed inspections are logged on paper, suspect lots still ship and a recall would "
      "take weeks to trace.", ("UC-MFG-002", "UC-MFG-004")),
    J("stock-outs and too much inventory", "Manufacturing", "Mid-market", ("COO", "CFO"),
      "The line stops for missing parts while we carry far too much inventory.",
      ("UC-MFG-003",)),
    # Education
    J("alias: University, registration day", "University", "Enterprise", ("CIO",),
      "Registration day outages: students cannot enroll and staff do manual overrides.",
      ("UC-EDU-001",)),
    J("weeks to return feedback", "Education", "Mid-market", ("COO",),
      "Teachers take weeks to return marked work.", ("UC-EDU-003",), ("UC-EDU-002",)),
    J("late submission disputes", "Education", "SMB", ("IT-DIR",),
      "Students dispute late penalties, saying they uploaded on time.", ("UC-EDU-002",)),
    # Project management
    J("synonym: Friday status reports", "Project management", "Enterprise", ("PMO-LEAD",),
      "Friday status reports take hours to compile and projects turn red without warning.",
      ("UC-PM-004",), ("UC-PM-003",)),
    J("alias: Agency, unbilled hours", "Agency", "SMB", ("CFO",),
      "Consultants forget to log hours, billable time leaks and invoices go out late.",
      ("UC-PM-005", "UC-PM-006")),
    J("scope creep on fixed price", "Project management", "Mid-market", ("VP-SALES", "PMO-LEAD"),
      "Fixed-price projects lose margin to client asks outside the scope.", ("UC-PM-007",)),
    J("persona-only: CFO at a consultancy", "Project management", "Mid-market", ("CFO",), "",
      ("UC-PM-005", "UC-PM-006", "UC-PM-007"), ("UC-PM-004",)),
)  # fmt: skip
