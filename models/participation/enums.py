"""Closed vocabularies of participation: phases, ballots, counting rules, answers."""

from __future__ import annotations

from models.enums import Choice


class Phase(Choice):
    """Where a participatory-budgeting process stands (from its dates)."""

    UPCOMING = "upcoming", "Προσεχώς", "Upcoming"
    PROPOSALS = "proposals", "Υποβολή προτάσεων", "Proposals"
    REVIEW = "review", "Τεχνικός έλεγχος", "Technical review"
    VOTING = "voting", "Ψηφοφορία", "Voting"
    RESULTS = "results", "Αποτελέσματα", "Results"
    IMPLEMENTATION = "implementation", "Παρακολούθηση υλοποίησης", "Implementation follow-up"


class BallotKind(Choice):
    """Knapsack: projects chosen until the budget is spent; approval: any projects."""

    KNAPSACK = "knapsack", "Ψηφοδέλτιο προϋπολογισμού", "Knapsack ballot"
    APPROVAL = "approval", "Ψηφοδέλτιο έγκρισης", "Approval ballot"


class CountingRule(Choice):
    """How the winning projects are chosen (computed by pabutools)."""

    GREEDY = "greedy", "Άπληστος κανόνας", "Greedy"
    EQUAL_SHARES = "equal_shares", "Μέθοδος ίσων μεριδίων", "Method of Equal Shares"


class Verdict(Choice):
    """The staff review of a proposal."""

    PENDING = "pending", "Σε έλεγχο", "Under review"
    FEASIBLE = "feasible", "Εφικτή", "Feasible"
    NOT_FEASIBLE = "not_feasible", "Μη εφικτή", "Not feasible"


class Progress(Choice):
    """Implementation follow-up of a funded project."""

    NOT_STARTED = "not_started", "Δεν ξεκίνησε", "Not started"
    IN_PROGRESS = "in_progress", "Σε εξέλιξη", "In progress"
    COMPLETED = "completed", "Ολοκληρώθηκε", "Completed"


class VerificationMethod(Choice):
    """How a resident was verified."""

    CENSUS = "census", "Δημοτολόγιο", "Census"
    POSTAL_CODE = "postal_code", "Κωδικός με επιστολή", "Code sent by post"


class Stance(Choice):
    """A comment's position on an article."""

    SUPPORT = "support", "Υπέρ", "Support"
    OPPOSE = "oppose", "Κατά", "Oppose"
    NEUTRAL = "neutral", "Ουδέτερο", "Neutral"


class Answer(Choice):
    """The municipality's answer to a comment."""

    ACCEPTED = "accepted", "Έγινε δεκτό", "Accepted"
    PARTLY = "partly", "Έγινε εν μέρει δεκτό", "Partly accepted"
    REJECTED = "rejected", "Δεν έγινε δεκτό", "Rejected"


class PlaceKind(Choice):
    """What kind of place an article applies to."""

    STREET = "street", "Οδός", "Street"
    ZONE = "zone", "Ζώνη", "Zone"
    MARKET_SITE = "market_site", "Θέση λαϊκής αγοράς", "Market site"
    OTHER = "other", "Άλλο", "Other"


class ContentKind(Choice):
    """Content citizens may report."""

    PROPOSAL = "proposal", "Πρόταση", "Proposal"
    COMMENT = "comment", "Σχόλιο", "Comment"


class ModerationAction(Choice):
    """What happened to reported content."""

    HIDDEN = "hidden", "Αποκρύφθηκε αυτόματα", "Hidden automatically"
    RESTORED = "restored", "Επανήλθε", "Restored"
    REMOVED = "removed", "Αφαιρέθηκε", "Removed"
