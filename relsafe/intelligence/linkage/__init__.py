"""Cross-case linking of people of concern: pure Python, no Django (see docs/LINKAGE.md).

from relsafe.intelligence.linkage import Decision, Kind, Linker, Mention, split

linker = Linker.relink(mentions, decisions)      # full re-link
result = linker.add(new_mention)                  # incremental: person id, other cases
"""

from relsafe.intelligence.linkage.decisions import Decision, Kind, split
from relsafe.intelligence.linkage.engine import Linker, LinkResult
from relsafe.intelligence.linkage.mention import MENTION_FIELDS, Mention

__all__ = ["MENTION_FIELDS", "Decision", "Kind", "LinkResult", "Linker", "Mention", "split"]
