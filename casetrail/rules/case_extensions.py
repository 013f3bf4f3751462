"""On what basis the 90-day case-handling clock (处罚法 Art. 60) may be extended, how far, with which pauses.

处罚法 Art. 60 sets 90 days "unless laws, regulations or rules provide otherwise"; it has no extension
of its own. An extension therefore names the rule it rests on, and that rule caps it:
市场监督管理行政处罚程序规定 Art. 64 allows 30 days on the leader's approval; a case still undecided
after that goes to the leaders' collective discussion, which fixes a reasonable further period (no
number is set); the same article keeps hearing, public notice and testing time out of the clock.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from casetrail.rules.citation import Citation
from casetrail.rules.national_citations import AMR_PROCEDURE_LAW


class ExtensionBasisId(StrEnum):
    AMR_COMPLEX = "amr_complex"
    AMR_FURTHER = "amr_further"


class ExtensionBasis(BaseModel):
    """One rule that allows extending the clock: its cap, its approval and the pauses it admits."""

    model_config = ConfigDict(frozen=True)

    id: ExtensionBasisId
    title_zh: str
    citation: Citation
    max_days: int | None
    """Days one extension may add; None: the rule sets no number (the approvers fix a reasonable period)."""
    requires: ExtensionBasisId | None = None
    """An extension on this basis only after one on ``requires``."""
    once: bool = True
    collective_discussion: bool = False
    pauses: tuple[str, ...] = ()
    """What the rule keeps out of the clock (不计入办案期限)."""


_AMR_PAUSES = ("听证", "公告", "检测", "检验", "检疫", "鉴定", "权利人辨认或者鉴别", "责令退还多收价款")

AMR_64_1 = AMR_PROCEDURE_LAW.cite(
    64, "因案情复杂或者其他原因不能在规定期限内作出处理决定的，经负责人批准可以延长三十日", paragraph=1
)
AMR_64_2 = AMR_PROCEDURE_LAW.cite(
    64,
    "案情特别复杂或有其他特殊情况，经延期仍不能作出处理决定的，由负责人集体讨论决定是否继续延期并确定合理期限",
    paragraph=1,
)

EXTENSION_BASES: dict[ExtensionBasisId, ExtensionBasis] = {
    basis.id: basis
    for basis in (
        ExtensionBasis(
            id=ExtensionBasisId.AMR_COMPLEX,
            title_zh="案情复杂或者其他原因，经负责人批准延长三十日",
            citation=AMR_64_1,
            max_days=30,
            pauses=_AMR_PAUSES,
        ),
        ExtensionBasis(
            id=ExtensionBasisId.AMR_FURTHER,
            title_zh="案情特别复杂或者有其他特殊情况，经集体讨论继续延期",
            citation=AMR_64_2,
            max_days=None,
            requires=ExtensionBasisId.AMR_COMPLEX,
            once=False,
            collective_discussion=True,
            pauses=_AMR_PAUSES,
        ),
    )
}
