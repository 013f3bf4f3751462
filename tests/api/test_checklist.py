"""The published recording checklist (Guangdong Art. 16, Shanxi Art. 8): JSON, HTML page and A4 PDF."""

from __future__ import annotations

import subprocess
from pathlib import Path

import httpx


async def test_checklist_as_json_and_as_a_page(api: httpx.AsyncClient) -> None:
    rows = (await api.get("/profiles/guangdong-2018/checklist")).json()
    seal = next(r for r in rows if r["act"] == "seal_seize")
    assert seal["av_zh"] == "应当音像记录" and seal["storage_deadline"].startswith("24小时")

    negotiated = await api.get("/profiles/guangdong-2018/checklist", headers={"Accept": "text/html"})
    page = await api.get("/profiles/guangdong-2018/checklist.html")
    assert negotiated.status_code == page.status_code == 200
    assert negotiated.text == page.text and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<html lang="zh-CN">' in html and "<h1>行政执法全过程记录清单</h1>" in html
    assert "《广东省行政执法全过程记录办法（试行）》" in html and "本清单应当向社会公开" in html
    assert html.count("<tr>") == len(rows) + 1  # one row per act, plus the header
    assert "《广东省行政执法全过程记录办法（试行）》第十六条" in html
    # What a recording must show is part of the checklist's 内容 (Guangdong Art. 17).
    assert "音像记录应当重点摄录下列内容：执法现场环境、" in html
    assert "《广东省行政执法全过程记录办法（试行）》第十七条" in html


async def test_a_profile_without_a_checklist_duty_says_so(api: httpx.AsyncClient) -> None:
    html = (await api.get("/profiles/taian-2017/checklist.html")).text
    assert "<h1>音像记录事项清单</h1>" in html and "本规定未要求编制本清单" in html


async def test_checklist_pdf_is_a4_with_the_cjk_font_embedded(api: httpx.AsyncClient, tmp_path: Path) -> None:
    response = await api.get("/profiles/shanxi/checklist.pdf")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "checklist.pdf"
    pdf.write_bytes(response.content)

    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    flat = "".join(text.stdout.split())
    assert "音像记录事项清单" in flat and "山西省行政执法全过程记录办法" in flat
    assert "查封、扣押" in flat  # an act
    assert "第十条" in flat  # its citation (Shanxi Art. 10)

    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "Noto-Serif-CJK-SC" in line]
    assert cjk and all(line.split()[-5] == "yes" for line in cjk)  # the "emb" column

    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "595.276 x 841.89 pts (A4)" in info
