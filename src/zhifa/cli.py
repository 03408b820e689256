"""`zhifa`: the operator's command.

    zhifa demo [--port N] [--host H] [--no-serve]   migrate, load the demo data, serve (in-process worker)
    zhifa serve [--port N] [--host H] [--threads N] serve the workbench, the portal and the API (cheroot)
    zhifa worker [--queue Q] [--interval S]        run background tasks from the database queue
    zhifa sequencer [--once]                       fold journal entries into the Merkle tree, sign checkpoints
    zhifa verify                                   recompute the tree from the entries, check every checkpoint
    zhifa import KIND FILE [--dry-run]             import a registry or list file (CSV or XLSX);
                 [--deactivate-missing]          KIND targets: the business directory (1M rows)
    zhifa redact [--parties FILE] [--policy FILE]  redact text on stdin, print JSON (text and spans)
    zhifa manage ARGS…                             any Django management command

Everything the platform writes goes under ZHIFA_VAR_DIR (default ./var).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Sequence


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")
    import django

    django.setup()


def _manage(argv: Sequence[str]) -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zhifa manage", *argv])


def _start_worker_thread() -> threading.Thread:
    """The demo runs the task worker in-process so that one command is enough."""
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["*"],
        interval=1.0,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="demo-in-process",
        excluded_queue_names=[],
    )
    # The in-process worker must not install signal handlers (only the main thread may).
    worker.configure_signals = lambda: None  # type: ignore[method-assign]
    thread = threading.Thread(target=worker.run, name="zhifa-worker", daemon=True)
    thread.start()
    return thread


def _start_sequencer_thread() -> threading.Thread:
    """The demo folds journal entries into the tree in-process (production runs `zhifa sequencer`)."""
    from zhifa.journal import sequencer

    thread = threading.Thread(target=sequencer.run, name="zhifa-sequencer", daemon=True)
    thread.start()
    return thread


def _serve(host: str, port: int, threads: int) -> None:
    from cheroot import wsgi

    from zhifa.wsgi import application

    print(f"执法平台已启动：http://{host}:{port}/  （门户）", flush=True)
    print(f"工作台：http://{host}:{port}/workbench/   接口文档：http://{host}:{port}/api/v1/docs", flush=True)
    # cheroot, not waitress: waitress reads a whole request body (into memory or a temp file) before the
    # application sees it, so a tus PATCH cut off in the middle reached nothing durable, and each chunk
    # was copied twice. cheroot hands the application the socket as `wsgi.input`: a PATCH is written to
    # the partial file as it arrives (evidence.uploads), with large recv_into reads (no 8 KiB loop).
    # Each connection being served holds one of `threads`; idle keep-alive connections do not.
    server = wsgi.Server(
        (host, port),
        application,
        numthreads=threads,
        server_name="zhifa",
        timeout=60,  # seconds a socket read or write may stall before the connection is dropped
        request_queue_size=64,
    )
    server.max_request_header_size = 256 * 1024  # waitress's defaults, kept
    server.max_request_body_size = 1024**3
    server.safe_start()


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] == "redact":
        # Pure: no database or settings needed (zhifa.lib.redact).
        from zhifa.lib.redact.__main__ import main as redact_main

        return int(redact_main(args_list[1:]) or 0)
    if args_list and args_list[0] == "manage":
        _setup()
        _manage(args_list[1:])
        return 0

    parser = argparse.ArgumentParser(prog="zhifa", description="执法平台命令行")
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="迁移数据库、载入演示数据并启动服务")
    demo.add_argument("--host", default=os.environ.get("ZHIFA_HOST", "127.0.0.1"))
    demo.add_argument("--port", type=int, default=int(os.environ.get("ZHIFA_PORT", "8000")))
    demo.add_argument("--no-serve", action="store_true", help="只准备数据，不启动服务")
    serve = sub.add_parser("serve", help="启动服务")
    serve.add_argument("--host", default=os.environ.get("ZHIFA_HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("ZHIFA_PORT", "8000")))
    serve.add_argument("--threads", type=int, default=8)
    worker = sub.add_parser("worker", help="运行后台任务")
    worker.add_argument("--queue", default="*")
    worker.add_argument("--interval", type=float, default=1.0)
    seq = sub.add_parser("sequencer", help="运行定序器（默克尔树与签名检查点）")
    seq.add_argument("--once", action="store_true", help="处理完积压后退出")
    sub.add_parser("verify", help="重新计算并核对全部记录、树节点和签名检查点")
    imp = sub.add_parser("import", help="导入登记簿文件（CSV 或 XLSX）")
    imp.add_argument(
        "kind", help="导入类型（如 items、lenience、major_decisions、targets），不认识的类型会列出全部类型"
    )
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true")
    imp.add_argument(
        "--deactivate-missing", action="store_true", help="（targets）未列出的检查对象标为不在册"
    )
    red = sub.add_parser("redact", help="脱敏：从标准输入读取文本，输出 JSON")
    red.add_argument("--parties")
    red.add_argument("--policy")
    sub.add_parser("manage", help="Django 管理命令")
    args = parser.parse_args(args_list)

    _setup()
    if args.command == "demo":
        _manage(["migrate", "--no-input", "-v", "0"])
        _manage(["collectstatic", "--no-input", "-v", "0"])
        # Deadlines of cases opened today run into next year: the demo loads it provisionally (flagged
        # on every deadline) until an administrator enters the State Council's arrangement.
        from django.utils import timezone

        _manage(["load_provisional_calendar", str(timezone.localdate().year + 1)])
        _manage(["load_demo"])
        # Fold the whole demo journal into the tree and sign a checkpoint now, so that `zhifa verify`
        # right after `zhifa demo --no-serve` checks every entry (not "N entries await sequencing").
        _manage(["sequencer", "--once"])
        if args.no_serve:
            return 0
        _start_worker_thread()
        _start_sequencer_thread()
        _serve(args.host, args.port, threads=8)
    elif args.command == "serve":
        _serve(args.host, args.port, threads=args.threads)
    elif args.command == "worker":
        _manage(["db_worker", "--queue-name", args.queue, "--interval", str(args.interval)])
    elif args.command == "sequencer":
        _manage(["sequencer", *(["--once"] if args.once else [])])
    elif args.command == "verify":
        _manage(["verify_journal"])
    elif args.command == "import":
        extra = ["--dry-run"] if args.dry_run else []
        extra += ["--deactivate-missing"] if args.deactivate_missing else []
        _manage(["import_registry", args.kind, args.file, *extra])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
