"""Service (送达): receipt and public notice."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from casetrail.documents.base import CaseDocument
from casetrail.documents.fields import Block, Person, Text, invalid_field

ServiceMethod = Literal["直接送达", "留置送达", "电子送达", "委托送达", "邮寄送达", "转交送达"]


class ServedDocument(Block):
    title: Text = Field(title="送达文书名称")
    number: Text | None = Field(default=None, title="文书编号")


class ServiceReceipt(CaseDocument):
    """送达回证 (民诉法 Art. 87-91)."""

    documents: Annotated[tuple[ServedDocument, ...], Field(min_length=1)] = Field(title="送达文书")
    method: ServiceMethod = Field(title="送达方式")
    served_at: datetime = Field(title="送达时间")
    place: Text = Field(title="送达地点")
    receiver: Text = Field(title="受送达人（签收人）")
    witness: Person | None = Field(default=None, title="见证人")
    note: Text | None = Field(default=None, title="备注")

    @model_validator(mode="after")
    def _lodging_is_witnessed_or_recorded(self) -> Self:
        # 民诉法 Art. 89: lodging needs a witness, or photos/video noted in the remarks.
        if self.method == "留置送达" and self.witness is None and self.note is None:
            raise invalid_field(
                "witness", "lodging_witness", "留置送达须有见证人，或在备注中载明拍照、录像情况"
            )
        return self


class PublicNotice(CaseDocument):
    """公告送达 (民诉法 Art. 95): only after other ways failed, deemed served 30 days later."""

    served_document: ServedDocument = Field(title="公告送达的文书")
    failed_attempts: Text = Field(title="其他方式无法送达的情况")
    carrier: Text = Field(title="公告载体")
    collection_place: Text = Field(title="领取地点")
