# The case fixtures (an agency with officers, a benchmark, a lead) are shared with the cases tests.
from zhifa.cases.tests.conftest import cw, lead, party

__all__ = ["cw", "lead", "party"]
