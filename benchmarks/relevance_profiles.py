"""Prospect profiles a rep would type, with graded judgments over the sample library.

Each profile lists the approved use cases worth bringing (2: bring) and those that would be
fine (1); every other approved use case is wrong (0) for that prospect. The profiles include
typos, synonyms, CRM jargon, industries the library does not have and irrelevant chatter.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    name: str
    industry: str = ""
    size: str = ""
    personas: tuple[str, ...] = ()
    pains: str = ""
    bring: tuple[str, ...] = ()
    fine: tuple[str, ...] = ()

    def grade(self, use_case_id: str) -> int:
        return 2 if use_case_id in self.bring else 1 if use_case_id in self.fine else 0


HC = ("UC-HC-001", "UC-HC-002", "UC-HC-003", "UC-HC-004", "UC-HC-005", "UC-HC-006")
FIN = ("UC-FIN-001", "UC-FIN-002", "UC-FIN-003", "UC-FIN-004", "UC-FIN-005", "UC-FIN-006",
       "UC-FIN-007")  # fmt: skip
ECOM = ("UC-ECOM-001", "UC-ECOM-002", "UC-ECOM-003", "UC-ECOM-004", "UC-ECOM-005",
        "UC-ECOM-006", "UC-ECOM-007", "UC-LOG-002")  # fmt: skip
LOG = ("UC-LOG-001", "UC-LOG-002", "UC-LOG-003", "UC-LOG-004", "UC-ECOM-004")
INS = ("UC-INS-001", "UC-INS-002", "UC-INS-003", "UC-INS-004", "UC-FIN-001")
MFG = ("UC-MFG-001", "UC-MFG-002", "UC-MFG-003", "UC-MFG-004", "UC-LOG-004", "UC-FIN-006")
EDU = ("UC-EDU-001", "UC-EDU-002", "UC-EDU-003")
PM = ("UC-PM-001", "UC-PM-002", "UC-PM-003", "UC-PM-004", "UC-PM-005", "UC-PM-006",
      "UC-PM-007")  # fmt: skip


def _rest(group: tuple[str, ...], *bring: str) -> tuple[str, ...]:
    return tuple(i for i in group if i not in bring)


PROFILES: tuple[Profile, ...] = (
    Profile("hospital: records and denied claims", "Healthcare", "Mid-market", ("CIO", "COO"),
            "Nurses waste time on records lookup; too many denied claims from eligibility.",
            ("UC-HC-001", "UC-HC-006"), _rest(HC, "UC-HC-001", "UC-HC-006")),
    Profile("clinic: no-shows", "Healthcare", "SMB", ("COO",),
            "No-shows are killing the schedule and the phones ring all morning",
            ("UC-HC-003",), _rest(HC, "UC-HC-003")),
    Profile("typo: Helthcare", "Helthcare", "Mid-market", ("CIO",),
            "patient records scattered across systems", ("UC-HC-001", "UC-HC-005"),
            _rest(HC, "UC-HC-001", "UC-HC-005")),
    Profile("synonym: hospital", "hospital", "Enterprise", ("CMIO",),
            "prescribing errors and allergy alerts", ("UC-HC-004",), _rest(HC, "UC-HC-004")),
    Profile("health system referrals", "Healthcare", "Enterprise", ("CMIO", "COO"),
            "referrals leak, specialists never get the imaging", ("UC-HC-005",),
            _rest(HC, "UC-HC-005")),
    Profile("bank: fraud and scams", "Finance", "Enterprise", ("CISO", "CFO"),
            "APP scam losses up, payee checks are weak", ("UC-FIN-003",),
            _rest(FIN, "UC-FIN-003")),
    Profile("CRM jargon: retail banking", "Banking", "Mid-market", ("HEAD-CX",),
            "call center swamped with balance inquiries and lost cards",
            ("UC-FIN-002", "UC-FIN-007"), _rest(FIN, "UC-FIN-002", "UC-FIN-007")),
    Profile("credit union sign-in", "Credit union", "SMB", ("CISO",),
            "password resets, account takeover, MFA codes by SMS", ("UC-FIN-001",),
            _rest(FIN, "UC-FIN-001")),
    Profile("bank disputes", "Finance", "Mid-market", ("COO",),
            "chargeback disputes take weeks and we miss network deadlines", ("UC-FIN-004",),
            _rest(FIN, "UC-FIN-004")),
    Profile("business onboarding", "Finance", "Enterprise", ("VP-SALES", "COO"),
            "opening a business account takes 8 days, KYC is manual", ("UC-FIN-005",),
            _rest(FIN, "UC-FIN-005")),
    Profile("treasury payment runs", "Finance", "Enterprise", ("CFO",),
            "payment batch approvals by email, auditors unhappy", ("UC-FIN-006",),
            _rest(FIN, "UC-FIN-006")),
    Profile("online retailer checkout", "E-commerce", "Mid-market", ("CMO", "CFO"),
            "cart abandonment, checkout drop-off on mobile", ("UC-ECOM-003", "UC-ECOM-002"),
            _rest(ECOM, "UC-ECOM-003", "UC-ECOM-002")),
    Profile("retail returns", "retail", "Enterprise", ("COO",),
            "returns cost a fortune and agents handle every refund", ("UC-ECOM-005",),
            _rest(ECOM, "UC-ECOM-005")),
    Profile("ecommerce search", "ecommerce", "SMB", ("CMO",),
            "shoppers search and get zero results, typos kill conversion",
            ("UC-ECOM-001",), _rest(ECOM, "UC-ECOM-001")),
    Profile("WISMO tickets", "E-commerce", "Mid-market", ("HEAD-CX",),
            "where is my order tickets everywhere, carrier delays", ("UC-ECOM-004", "UC-LOG-002"),
            _rest(ECOM, "UC-ECOM-004", "UC-LOG-002")),
    Profile("subscriptions", "E-commerce", "Mid-market", ("CFO",),
            "subscription churn from failed card renewals", ("UC-ECOM-006",),
            _rest(ECOM, "UC-ECOM-006")),
    Profile("freight booking", "Logistics", "Mid-market", ("VP-SALES",),
            "small shippers call reps to book; quotes take a day", ("UC-LOG-001",),
            _rest(LOG, "UC-LOG-001")),
    Profile("synonym: shipping company", "shipping", "Enterprise", ("COO",),
            "on-time rate slipping, proof of delivery disputes", ("UC-LOG-003", "UC-LOG-002"),
            _rest(LOG, "UC-LOG-003", "UC-LOG-002")),
    Profile("warehouse gate", "Logistics", "Enterprise", ("COO",),
            "trucks queue at the gate for hours, detention charges", ("UC-LOG-004",),
            _rest(LOG, "UC-LOG-004")),
    Profile("insurer claims", "Insurance", "Enterprise", ("COO", "HEAD-CX"),
            "first notice of loss by phone, adjusters call back three times",
            ("UC-INS-001",), _rest(INS, "UC-INS-001")),
    Profile("insurer: synonym insurer", "insurer", "Mid-market", ("CMO",),
            "quote to bind conversion is poor online", ("UC-INS-002",),
            _rest(INS, "UC-INS-002")),
    Profile("insurer renewals", "Insurance", "Mid-market", ("HEAD-CX",),
            "renewal retention dropping after price rises", ("UC-INS-003",),
            _rest(INS, "UC-INS-003")),
    Profile("plant maintenance", "Manufacturing", "Enterprise", ("COO",),
            "line-down faults wait an hour for a technician", ("UC-MFG-001",),
            _rest(MFG, "UC-MFG-001")),
    Profile("factory quality", "factory", "Mid-market", ("COO", "CFO"),
            "customer-reported defects and scrap, bad lots ship", ("UC-MFG-002", "UC-MFG-004"),
            _rest(MFG, "UC-MFG-002", "UC-MFG-004")),
    Profile("manufacturer parts", "Manufacturing", "Mid-market", ("CFO",),
            "line stoppages for missing parts, too much inventory", ("UC-MFG-003",),
            _rest(MFG, "UC-MFG-003")),
    Profile("university registration", "Education", "Enterprise", ("CIO",),
            "registration day crashes, students can't get into sections", ("UC-EDU-001",),
            _rest(EDU, "UC-EDU-001")),
    Profile("school: synonym", "school", "SMB", ("IT-DIR",),
            "assignment uploads fail at midnight", ("UC-EDU-002",), _rest(EDU, "UC-EDU-002")),
    Profile("agency timesheets", "Project management", "Mid-market", ("CFO", "PMO-LEAD"),
            "billable hours leak, timesheets late, invoicing slow",
            ("UC-PM-005", "UC-PM-006"), _rest(PM, "UC-PM-005", "UC-PM-006")),
    Profile("PMO status", "Project management", "Enterprise", ("PMO-LEAD", "CIO"),
            "status meetings every week and projects turn red without warning",
            ("UC-PM-004",), _rest(PM, "UC-PM-004")),
    Profile("consultancy overload", "Project management", "Mid-market", ("COO",),
            "people over-allocated, requests arrive by email and chat",
            ("UC-PM-002", "UC-PM-001"), _rest(PM, "UC-PM-002", "UC-PM-001")),
    Profile("unknown industry: energy utility", "Energy", "Enterprise", ("CISO",),
            "account takeover on the customer portal, password resets",
            ("UC-FIN-001",), ()),
    Profile("chatter only", "Healthcare", "Mid-market", ("CIO",),
            "great call last week, they liked the coffee, golf on Friday, budget next year",
            (), HC),
)  # fmt: skip
