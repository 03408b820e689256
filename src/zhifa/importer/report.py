"""What an import tells its user: how many rows, how many imported, and every error with its place."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowError:
    """One problem. ``row`` is the row number the user sees in the spreadsheet (the header is row 1, the
    first data row is row 2); ``None`` for a problem with the file as a whole. ``column`` is the header as
    written in the file (or the standard Chinese header when the column is absent); ``""`` when the
    problem concerns the whole row or file."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = "文件" if self.row is None else f"第 {self.row} 行"
        if self.column:
            return f"{where}“{self.column}”：{self.message}"
        return f"{where}：{self.message}"

    def line(self) -> str:
        """The form used in :meth:`ImportReport.as_text`: ``第 4 行 [统一社会信用代码] …``."""
        where = "文件" if self.row is None else f"第 {self.row} 行"
        column = f" [{self.column}]" if self.column else ""
        return f"{where}{column} {self.message}"


@dataclass
class ImportReport:
    """The outcome of :func:`zhifa.importer.services.import_file`.

    ``rows`` counts the non-blank data rows read; ``created`` the rows that were (or, in a dry run,
    would be) imported — it is 0 whenever there is an error, because a file with any error imports
    nothing. For benchmarks every row is one tier, so ``created`` counts tiers."""

    kind: str
    filename: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)
    sha256: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_text(self) -> str:
        if self.ok:
            if self.dry_run:
                head = f"试运行：共 {self.rows} 行，校验通过，可导入 {self.created} 条"
            else:
                head = f"导入成功：共 {self.rows} 行，已导入 {self.created} 条"
            return head
        if self.dry_run:
            head = (
                f"试运行：共 {self.rows} 行，发现 {len(self.errors)} 处错误，"
                "请改正后再导入（有错误的文件不会导入任何数据）"
            )
        else:
            head = f"导入失败：共 {len(self.errors)} 处错误，未导入任何数据"
        return "\n".join([head, *(e.line() for e in self.errors)])
