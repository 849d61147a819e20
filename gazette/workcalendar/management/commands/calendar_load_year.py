"""manage.py calendar_load_year 2027.csv --year 2027 --source "国务院办公厅关于2027年部分节假日安排的通知"."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from gazette.workcalendar.services import CalendarFileError, official_year_load


class Command(BaseCommand):
    help = "Load a year's official holiday schedule from a CSV file (date,is_working_day,name) and mark it official."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="CSV file, UTF-8, header date,is_working_day,name")
        parser.add_argument("--year", type=int, required=True, help="the year the file describes")
        parser.add_argument(
            "--source", required=True, help="the notice, e.g. 国务院办公厅关于2027年部分节假日安排的通知"
        )
        parser.add_argument("--replace", action="store_true", help="delete the year's overrides not in the file")
        parser.add_argument("--user", help="username recorded as the one who loaded it")

    def handle(self, *args, path: str, year: int, source: str, replace: bool, user: str | None, **options) -> None:
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"找不到文件：{path}")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"用户“{user}”不存在。")
        try:
            result = official_year_load(
                year=year, content=file.read_bytes(), source=source, user=actor, replace=replace
            )
        except CalendarFileError as exc:
            raise CommandError("文件未录入，发现以下问题：\n" + "\n".join(exc.errors)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"已录入{result.year}年官方节假日安排：新增{result.created}天，更新{result.updated}天，"
                f"删除{result.deleted}天，保留{result.kept}天。"
            )
        )
