"""Fill empty msgstr entries of a .po file from a JSON dictionary {msgid: translation}.

Usage: python scripts/po_fill.py path/to/django.po translations.json
Reports msgids still untranslated, so a missing English label is seen, not shipped silently.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ENTRY = re.compile(r'(msgid "(?P<id>(?:[^"\\]|\\.)*)"\n)msgstr ""\n(?!")', re.M)


def main(po_path: str, dict_path: str) -> int:
    po = Path(po_path)
    table: dict[str, str] = json.loads(Path(dict_path).read_text(encoding="utf-8"))
    text = po.read_text(encoding="utf-8")
    missing: list[str] = []

    def fill(match: re.Match) -> str:
        msgid = match.group("id")
        if not msgid:
            return match.group(0)
        value = table.get(msgid.encode().decode("unicode_escape") if "\\" in msgid else msgid)
        if value is None:
            missing.append(msgid)
            return match.group(0)
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'{match.group(1)}msgstr "{escaped}"\n'

    text = ENTRY.sub(fill, text)
    text = text.replace("charset=CHARSET", "charset=UTF-8")
    text = text.replace("#, fuzzy\n", "", 1)
    po.write_text(text, encoding="utf-8")
    for msgid in missing:
        print(f"untranslated: {msgid}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
