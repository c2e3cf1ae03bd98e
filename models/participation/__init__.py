"""Domain `participation`: participatory budgeting and consultation on regulations."""

from models.participation.budgeting import (
    PbBallot,
    PbBallotChoice,
    PbBudget,
    PbPhoto,
    PbProcess,
    PbProposal,
)
from models.participation.consultations import Article, ArticlePlace, Comment, Regulation
from models.participation.moderation import ModerationEntry, Report
from models.participation.residents import CensusEntry, PostalCode, Resident

__all__ = [
    "Article",
    "ArticlePlace",
    "CensusEntry",
    "Comment",
    "ModerationEntry",
    "PbBallot",
    "PbBallotChoice",
    "PbBudget",
    "PbPhoto",
    "PbProcess",
    "PbProposal",
    "PostalCode",
    "Regulation",
    "Report",
    "Resident",
]
