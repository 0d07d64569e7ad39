"""What finance receives, as policy data: bank batch-file layouts and the pay slips' protection.

`[payroll.bank_files.<id>]`: portals differ in column order, headers, encoding (many want GBK CSV,
some xlsx), amount unit and a count-and-total line; each layout a shop uses is one table
(payroll.bank_file writes it). `[payroll.slips]`: the password rule of the per-employee slips
(payroll.slips writes them).
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FIELDS = {"seq": "序号", "employee_id": "工号", "name": "户名", "account": "账号", "amount": "金额",
          "id_number": "身份证号", "purpose": "用途", "currency": "币种", "pay_date": "日期"}


class BankColumn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    header: str                                 # as the bank's template names it
    field: Literal["seq", "employee_id", "name", "account", "amount", "id_number", "purpose", "currency",
                   "pay_date"]


class BankTemplate(BaseModel):
    """One bank's batch-payment layout."""
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str                                   # shown to finance, e.g. 中国工商银行 代发工资
    format: Literal["csv", "xlsx"] = "csv"
    encoding: Literal["utf-8-sig", "utf-8", "gbk", "gb18030"] = "utf-8-sig"     # CSV only
    delimiter: str = Field(",", min_length=1, max_length=1)
    columns: list[BankColumn]
    header_row: bool = True
    summary: Literal["none", "top", "bottom"] = "bottom"    # a count-and-total line
    summary_label: str = "合计"
    amount_unit: Literal["yuan", "fen"] = "yuan"            # 1234.50 or 123450
    date_format: str = "%Y%m%d"
    purpose: str = "{month} 工资"               # the 用途/摘要 text; {month} is YYYY-MM
    currency: str = "CNY"


class SlipPolicy(BaseModel):
    """`[payroll.slips]`: how each slip file is protected."""
    model_config = ConfigDict(extra="forbid", frozen=True)
    password: Literal["id_last6", "account_last6", "employee_id"] = "id_last6"
    title: str = "工资条"                       # heading above the figures, e.g. the company's name + 工资条
    # SHA-512 rounds that turn the password into the file's key (MS-OFFCRYPTO 2.3.4.11: at most
    # 10,000,000; Excel writes 100,000). Each round a guesser must repeat; each costs time per slip.
    spin_count: int = Field(100_000, ge=1, le=10_000_000)
