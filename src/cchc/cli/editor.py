"""`cchc soan-bai-may-chu`: the staff editor as static files for the Sở's own Git server (Forgejo), the
same form as `quan-tri/` of `cchc serve` (cchc.editor.config.server_config)."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cchc import urls
from cchc.cli.common import OK, UsageError
from cchc.content.settings import Settings


def _repo(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", value):
        raise argparse.ArgumentTypeError(f"kho phải có dạng CHỦ/TÊN, ví dụ so-gddt/cchc (tìm thấy: {value!r})")
    return value


def _server(value: str) -> str:
    if not re.fullmatch(r"https://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~/-]*)?", value):
        raise argparse.ArgumentTypeError(f"địa chỉ máy chủ Git phải bắt đầu bằng https:// (tìm thấy: {value!r})")
    return value


def add_commands(commands: Any, project: Callable[[], Settings]) -> None:
    command = commands.add_parser(
        "soan-bai-may-chu", help="trang soạn bài cho máy chủ Git của Sở (Forgejo), quản trị web",
        description=f"Ghi trang soạn bài (Decap CMS, cùng biểu mẫu như {urls.EDITOR} của cchc serve) vào THƯ_MỤC để đặt "
                    "trên máy chủ web; bài được lưu thành commit và yêu cầu hợp nhất trên máy chủ Git. Xem "
                    "huong-dan/quan-tri-web.md, mục \"Soạn bài trên máy chủ Git\".",
        epilog="Ví dụ: cchc soan-bai-may-chu /tmp/soan-bai --may-chu https://git.sogddt.hungyen.gov.vn --kho so-gddt/cchc "
               "--ung-dung 0e7c…",
    )
    command.add_argument("thu_muc", metavar="THƯ_MỤC", help="thư mục sẽ chứa trang soạn bài (phải chưa có hoặc rỗng)")
    command.add_argument("--may-chu", required=True, type=_server, metavar="ĐỊA_CHỈ", help="địa chỉ máy chủ Forgejo")
    command.add_argument("--kho", required=True, type=_repo, metavar="CHỦ/TÊN", help="kho của trang tin trên máy chủ")
    command.add_argument("--ung-dung", required=True, metavar="MÃ", help="Client ID của ứng dụng OAuth2 (không bí mật)")
    command.add_argument("--nhanh", default="main", metavar="NHÁNH", help="nhánh của trang (mặc định main)")

    def run(args: argparse.Namespace) -> int:
        from cchc.editor.config import server_config
        from cchc.editor.project import Project
        from cchc.editor.serving import export

        target = Path(args.thu_muc)
        if target.exists() and (not target.is_dir() or any(target.iterdir())):
            raise UsageError(f"{target} đã có và không rỗng; hãy chọn thư mục mới")
        settings = project()
        editing = Project(settings)
        plans = editing.plans()
        config = server_config(settings, plans=plans.plans, posts=editing.posts(plans), server=args.may_chu,
                               repo=args.kho, app_id=args.ung_dung, branch=args.nhanh)
        written = export(target, config)
        print(f"Đã ghi {len(written)} tệp vào {target}: đặt thư mục này trên máy chủ web (địa chỉ trong Redirect URI "
              "của ứng dụng OAuth2), rồi mở trang index.html.")
        return OK

    command.set_defaults(run=run)
