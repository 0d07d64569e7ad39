"""The library's own errors as the one Chinese line the command line prints for them (without its 错误：)."""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from typing import Iterator

from kefu.cli_common import os_problem, sqlite_problem
from kefu.errors import InputError, RulesConflict
from payroll.ledger import LedgerError


class Problem(Exception):
    """Something the user can correct; `message` is one line for the page."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@contextmanager
def as_problem(ledger_name: str = "payroll-ledger.sqlite") -> Iterator[None]:
    """Inside the block, an input, ledger, storage or rules error becomes a Problem with the CLI's words."""
    try:
        yield
    except InputError as err:
        raise Problem(err.chinese()) from None
    except LedgerError as err:
        raise Problem(err.zh) from None
    except RulesConflict as err:
        raise Problem(str(err)) from None
    except sqlite3.Error as err:
        raise Problem(sqlite_problem(err, ledger_name)) from None
    except OSError as err:
        raise Problem(os_problem(err)) from None
