"""Reading one clause: who is given work (leads, supports) and the work itself."""

from dataclasses import dataclass, field

from directives.importers.notice.vocabulary import (
    DIRECTIVE_AFTER_SUBJECT,
    EVALUATIVE,
    GROUP_NOUNS,
    LEAD_MARK,
    LOWERCASE_HEADS,
    NAME_BREAKS,
    ORG_HEADS,
    PAST,
    SUPPORT_MARK,
    TRIGGER_STARTS,
    TRIGGERS,
    VERB_WORDS,
)
from directives.importers.unit_names import Named, Token, UnitDirectory, tokenize


@dataclass
class Clause:
    """A clause cut into tokens, with the folded words and the token each word comes from."""

    text: str
    tokens: list[Token]
    words: list[str] = field(default_factory=list)
    origin: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, text: str) -> "Clause":
        tokens = tokenize(text)
        clause = cls(text, tokens)
        for index, token in enumerate(tokens):
            for word in token.words:
                clause.words.append(word)
                clause.origin.append(index)
        return clause

    def at(self, index: int, words: tuple[str, ...]) -> bool:
        return tuple(self.words[index : index + len(words)]) == words

    def char(self, index: int) -> int:
        """Where word ``index`` starts in the text (the text's end past the last word)."""
        if index >= len(self.words):
            return len(self.text)
        return self.tokens[self.origin[index]].start

    def written(self, start: int, end: int) -> str:
        """Words ``start`` to ``end`` as written."""
        last = self.tokens[self.origin[end - 1]]
        return self.text[self.char(start) : last.end]

    def capitalised(self, index: int) -> bool:
        raw = self.tokens[self.origin[index]].text
        return raw[:1].isupper()


@dataclass
class Assignment:
    leads: list[Named]
    supports: list[Named]
    action: str


class ClauseReader:
    def __init__(self, directory: UnitDirectory) -> None:
        self.directory = directory

    # A list of units: "A, B và C", known or looking like an organisation's name.
    def units(self, clause: Clause, start: int, unknown_ok: bool = True) -> tuple[list[Named], int]:
        found: list[Named] = []
        index = start
        while True:
            named, end = self._one_unit(clause, index, unknown_ok)
            if named is None:
                break
            found.append(named)
            index = end
            after = index
            if clause.at(after, (",",)):
                after += 1
            if clause.at(after, ("va",)):
                after += 1
            if after == index or self._one_unit(clause, after, unknown_ok)[0] is None:
                break
            index = after
        return found, index

    def _one_unit(self, clause: Clause, start: int, unknown_ok: bool) -> tuple[Named | None, int]:
        words = clause.words
        match = self.directory.match(words, start)
        if match is None:  # "UBND các xã Giao An, Giao Lạc": the communes by their bare names
            for prefix in (
                ("uy", "ban", "nhan", "dan", "cac", "xa"),
                ("dang", "uy", "cac", "xa"),
                ("cac", "xa"),
                ("xa",),
            ):
                if clause.at(start, prefix):
                    inner = self.directory.match(words, start + len(prefix))
                    if inner is not None and not inner.named.collective:
                        match = inner
                    break
        if match is not None:
            return match.named, match.end
        if not unknown_ok or start >= len(words):
            return None, start
        noun = GROUP_NOUNS.longest_at(words, start + 1) if clause.at(start, ("cac",)) else None
        lowercase_head = LOWERCASE_HEADS.longest_at(words, start) is not None
        if noun is None and not lowercase_head:
            if not clause.capitalised(start):
                return None, start
            if ORG_HEADS.longest_at(words, start) is None:
                return None, start
        if noun is not None:
            end = start + 1 + len(noun)
            if clause.at(end, ("truc", "thuoc")):
                end += 2
        else:
            end = self._name_end(clause, start)
        written = clause.written(start, end).strip(" ,")
        return Named(written, known=False), end

    def _name_end(self, clause: Clause, start: int) -> int:
        """Where an unknown unit's name that starts at ``start`` ends: before "chủ trì" or
        "phối hợp" if one comes before the next comma, else before the first verb written in
        lower case ("Đội Quản lý thị trường" is a name; "… hoàn chỉnh dự thảo" is work)."""
        words = clause.words
        stop = start + 1
        while stop < len(words) and stop - start < 14 and words[stop] not in NAME_BREAKS:
            if clause.at(stop, LEAD_MARK) or clause.at(stop, SUPPORT_MARK):
                return stop
            stop += 1
        end = start + 1
        while end < stop and (clause.capitalised(end) or not self._verb_at(clause, end)):
            end += 1
        return end

    @staticmethod
    def _verb_at(clause: Clause, index: int) -> bool:
        return VERB_WORDS.longest_at(clause.words, index) is not None

    def assignment(self, text: str, prose: bool) -> Assignment | None:
        """Who is given work in ``text`` and the work; None if nobody is."""
        clause = Clause.of(text)
        if not clause.words:
            return None
        # "Giao A …" / "Yêu cầu A …" at the start.
        for trigger in TRIGGERS:
            if clause.at(0, trigger):
                leads, end = self.units(clause, len(trigger))
                if leads:
                    return self._roles(clause, leads, end)
        # Subject first: "A phối hợp với B …", "A tham mưu …".
        leads, end = self.units(clause, 0, unknown_ok=True)
        if leads and self._gives_work(clause, end, prose, all(n.known for n in leads)):
            return self._roles(clause, leads, end)
        # "Đồng chí Chủ tịch yêu cầu A …", "Đồng thời, giao A …" further on.
        for index in range(1, len(clause.words)):
            if clause.words[index] not in TRIGGER_STARTS:
                continue
            for trigger in TRIGGERS:
                if clause.at(index, trigger):
                    leads, end = self.units(clause, index + len(trigger))
                    if leads:
                        return self._roles(clause, leads, end)
        return None

    def _gives_work(self, clause: Clause, index: int, prose: bool, known: bool) -> bool:
        if index < len(clause.words) and clause.words[index] == ",":
            index += 1
        if index >= len(clause.words) or clause.words[index] in PAST:
            return False
        if DIRECTIVE_AFTER_SUBJECT.longest_at(clause.words, index) is not None:
            return True
        if not known or not self._verb_at(clause, index):
            return False
        return not prose or EVALUATIVE.longest_at(clause.words, index) is None

    def _roles(self, clause: Clause, leads: list[Named], index: int) -> Assignment:
        supports: list[Named] = []
        if clause.at(index, (",",)) and (
            clause.at(index + 1, LEAD_MARK) or clause.at(index + 1, SUPPORT_MARK)
        ):
            index += 1
        if clause.at(index, LEAD_MARK):
            index += len(LEAD_MARK)
            if clause.at(index, (",",)):
                index += 1
        if clause.at(index, SUPPORT_MARK):
            index += len(SUPPORT_MARK)
            if clause.at(index, ("voi",)) or clause.at(index, ("cung",)):
                index += 1
            supports, index = self.units(clause, index)
        action = clause.text[clause.char(index) :].strip(" ,:;")
        return Assignment(leads, supports, action)
